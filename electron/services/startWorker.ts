/**
 * Starts a worker thread from its entry: the bundled `.js` in the desktop app, or the TypeScript source when
 * Tern runs from source (browser mode under tsx, vitest). A worker's --import hooks do not apply to its own
 * entry on Node 20, so from source tsx is registered inside the worker first and the entry imported after.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startWorker(script: URL, options: WorkerOptions = {}): Worker {
  if (!script.pathname.endsWith('.ts')) return new Worker(script, options);
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
