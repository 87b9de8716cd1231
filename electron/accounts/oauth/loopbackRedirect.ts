/**
 * The redirect end of a desktop sign-in (RFC 8252 §7.3): a one-shot HTTP listener on 127.0.0.1 and a random
 * port, which takes the first request to its callback path, answers the browser with a short page, and
 * closes. Anything else on the port gets a 404; nothing waits longer than the timeout.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackRedirect {
  redirectUri: string;
  /** The callback's query parameters (code, state, or error). */
  result: Promise<URLSearchParams>;
  close(): void;
}

const PATH = '/oauth2/callback';
const PAGE = (text: string) =>
  `<!doctype html><meta charset="utf-8"><title>Tern</title><body style="font:16px system-ui;margin:3rem"><p>${text}</p></body>`;

export async function startLoopbackRedirect(timeoutMs: number): Promise<LoopbackRedirect> {
  let settle: { resolve(params: URLSearchParams): void; reject(error: Error): void } | null = null;
  const result = new Promise<URLSearchParams>((resolve, reject) => (settle = { resolve, reject }));
  result.catch(() => undefined);
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method !== 'GET' || url.pathname !== PATH || !settle) {
      response.writeHead(404).end();
      return;
    }
    const ok = url.searchParams.has('code');
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" })
      .end(PAGE(ok ? 'You are signed in. You can close this window and go back to Tern.' : 'The sign-in did not complete. Go back to Tern to try again.'));
    settle.resolve(url.searchParams);
    settle = null;
    close();
  });
  const timer = setTimeout(() => {
    settle?.reject(new Error('timeout'));
    settle = null;
    close();
  }, timeoutMs);
  function close() {
    clearTimeout(timer);
    server.closeAllConnections();
    server.close();
  }
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  return {
    redirectUri: `http://127.0.0.1:${port}${PATH}`,
    result,
    close: () => {
      settle?.reject(new Error('cancelled'));
      settle = null;
      close();
    },
  };
}
