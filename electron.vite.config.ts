/**
 * Builds the desktop app into out/: main (ES module, as package.json is "type": "module"), the preload
 * (CommonJS, because a sandboxed preload cannot be an ES module) and the renderer.
 *
 *   out/main/electronMain.js    package.json "main"
 *   out/main/engineWorker.js    the engine's thread (electron/engineThread/), started by main
 *   out/main/mimeWorker.js      the MIME worker thread (electron/mime/mimeWorkerPool.ts), started by the engine
 *   out/main/webMain.js         browser mode's host (`npm run web`), which starts the same two workers
 *   out/preload/preload.cjs     loaded by electron/main/electronMain.ts
 *   out/renderer/index.html     served as app://tern/index.html
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // Loaded from node_modules at run time (they are "dependencies", packed by electron-builder).
      externalizeDeps: { include: ['imapflow', 'nodemailer', 'ws', 'postal-mime'] },
      rolldownOptions: {
        input: {
          electronMain: resolve(root, 'electron/main/electronMain.ts'),
          engineWorker: resolve(root, 'electron/engineThread/engineWorker.ts'),
          mimeWorker: resolve(root, 'electron/mime/mimeWorker.ts'),
          webMain: resolve(root, 'electron/main/webMain.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // Everything the preload imports is bundled in: a sandboxed preload can require only 'electron'.
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: resolve(root, 'electron/preload/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
      },
    },
  },
});
