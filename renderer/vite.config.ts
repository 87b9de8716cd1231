import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Browser mode and the E2E tests build the renderer alone; electron.vite.config.ts builds it for the app.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'chrome130',
  },
});
