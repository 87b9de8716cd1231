/**
 * A "canary" HTTP server on 127.0.0.1 that records every request it gets, to prove that a message's remote
 * content did (or did not) load. Images get a real PNG so a loaded one has a size; everything is no-store so
 * each load is a request. Tests pair "no request" assertions with a control that must arrive, so a canary
 * that cannot be reached cannot pass them (handbook security.md, "Testing that a request did not happen").
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { solidPng } from '../../electron/testing/htmlMessages';

export interface CanaryServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** Paths (with query) requested since the start or the last reset, in order. */
  requests(): string[];
  /** Requests whose path starts with one of the prefixes. */
  hits(...prefixes: string[]): string[];
  /** Resolves when `path` has been requested; rejects after `timeoutMs`. */
  waitFor(path: string, timeoutMs?: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

const PNG = solidPng(24, 24, [230, 81, 0]);

export async function startCanaryServer(): Promise<CanaryServer> {
  let requests: string[] = [];
  const waiters = new Set<{ path: string; resolve: () => void }>();
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push(path);
    for (const waiter of waiters) if (path === waiter.path) waiter.resolve();
    const pathname = path.split('?')[0] ?? '';
    const [type, body] = /\.(png|gif)$/.test(pathname)
      ? ['image/png', PNG]
      : pathname.endsWith('.css')
        ? ['text/css', Buffer.from('body { outline: 6px solid red; }')]
        : ['text/plain', Buffer.from('canary')];
    response.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store', 'Content-Length': body.length });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests: () => [...requests],
    hits: (...prefixes) => requests.filter((path) => prefixes.some((prefix) => path.startsWith(prefix))),
    waitFor: (path, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        if (requests.includes(path)) return resolve();
        const waiter = {
          path,
          resolve: () => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve();
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`the canary never saw ${path}; it saw: ${requests.join(', ') || 'nothing'}`));
        }, timeoutMs);
        waiters.add(waiter);
      }),
    reset: () => {
      requests = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
