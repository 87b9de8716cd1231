/**
 * Browser mode: the same engine, served to a browser over HTTP + a WebSocket on 127.0.0.1 only. Every request
 * must name the right Host; the page and the socket need the per-run token; the socket checks the Origin too.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Engine } from '../services/engine';
import type { Logger } from '../services/logger';
import { isAllowedHost, isAllowedOrigin, tokenMatches } from '../transport/requestGuards';
import { webSocketTransport } from '../transport/webSocketTransport';
import { DOWNLOAD_PATH_PREFIX, type AttachmentDownloads } from './attachmentDownloads';
import { appContentSecurityPolicy } from './contentSecurityPolicy';
import { CONTENT_TYPES, resolveStaticPath } from './staticFiles';

export interface WebHostOptions {
  engine: Engine;
  rendererDir: string;
  log: Logger;
  /** 0 or absent: any free port. */
  port?: number;
  /** Tests pass their own; users get a fresh random one per run. */
  token?: string;
  /** One-time attachment downloads the engine offers (the same object it was given as `downloads`). */
  downloads?: AttachmentDownloads;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const RPC_PATH = '/rpc';

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = 0;

  const refuse = (response: ServerResponse, status: number, text: string) => {
    response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end(text);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    if (!isAllowedHost(request.headers.host, port)) return refuse(response, 421, 'Wrong host.');
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'Method not allowed.');
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith(DOWNLOAD_PATH_PREFIX)) {
      if (!options.downloads) return refuse(response, 404, 'Not found.');
      if (!tokenMatches(url.searchParams.get('token'), token)) return refuse(response, 403, 'Forbidden.');
      return options.downloads.serve(request, response, url.pathname, (origin) => isAllowedOrigin(origin, port));
    }
    const file = resolveStaticPath(options.rendererDir, url.pathname);
    if (!file) return refuse(response, 404, 'Not found.');
    const isPage = extname(file) === '.html';
    if (isPage && !tokenMatches(url.searchParams.get('token'), token)) {
      return refuse(response, 403, 'Open Tern with the address it printed when it started (it contains a token).');
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return refuse(response, 404, 'Not found. Was the renderer built? Run `npm run build:renderer`.');
    }
    response.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': appContentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': isPage ? 'no-store' : 'no-cache',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.log.error('web host request failed', { reason: (error as Error).message });
      if (!response.headersSent) refuse(response, 500, 'Internal error.');
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const allowed =
      url.pathname === RPC_PATH &&
      isAllowedHost(request.headers.host, port) &&
      isAllowedOrigin(request.headers.origin, port) &&
      tokenMatches(url.searchParams.get('token'), token);
    if (!allowed) {
      options.log.warn('refused a WebSocket connection', { origin: request.headers.origin ?? null, host: request.headers.host ?? null });
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      options.engine.serve(webSocketTransport(ws));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
