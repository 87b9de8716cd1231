/**
 * Browser mode as an attacker on the same machine sees it: a page elsewhere trying the WebSocket, a DNS
 * rebinding request with a foreign Host, a missing or wrong token, a path out of the renderer folder.
 */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { METHOD_NAMES, type TernApi } from '../../shared/contract/api';
import { TernError } from '../../shared/contract/errors';
import type { Engine } from '../services/engine';
import { createLogger } from '../services/logger';
import { startWebHost, type WebHost } from './webHost';
import { serve } from '../../shared/ipc/serve';

let dir: string;
let host: WebHost;
const TOKEN = 'test-token-0123456789abcdef';

const fakeEngine: Engine = {
  serve: (transport) =>
    serve(transport, () => {
      const api = Object.fromEntries(METHOD_NAMES.map((m) => [m, () => Promise.reject(new TernError('INTERNAL', 'unused'))])) as unknown as TernApi;
      api.getHostInfo = async () => ({ host: 'web', version: '9.9.9', credentialWarning: null, askBeforeStoringPassword: false });
      return { api, close() {} };
    }),
  addAccount: () => Promise.reject(new Error('unused')),
  wake: () => {},
  shutdown: async () => {},
};

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers: { host: `127.0.0.1:${host.port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

function openSocket(query: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/rpc${query}`, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tern-webhost-'));
  await mkdir(join(dir, 'renderer', 'assets'), { recursive: true });
  await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Tern</title>');
  await writeFile(join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'outside');
  host = await startWebHost({ engine: fakeEngine, rendererDir: join(dir, 'renderer'), log: createLogger(() => {}), port: 0, token: TOKEN });
});

afterAll(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

describe('browser mode host', () => {
  it('prints a loopback URL with the token and serves the page with a strict CSP', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${TOKEN}`);
    const page = await get(`/?token=${TOKEN}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses the page without the right token', async () => {
    expect((await get('/')).status).toBe(403);
    expect((await get('/?token=wrong')).status).toBe(403);
    expect((await get('/index.html')).status).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding), even with the token', async () => {
    expect((await get(`/?token=${TOKEN}`, { host: `evil.test:${host.port}` })).status).toBe(421);
    expect((await get('/assets/app.js', { host: 'evil.test' })).status).toBe(421);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/%2e%2e/%2e%2e/secret.txt']) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.body).not.toContain('outside');
    }
    expect((await get('/assets/app.js')).status).toBe(200);
  });

  it('accepts the WebSocket only with the token, the right Origin and the right Host', async () => {
    const origin = `http://127.0.0.1:${host.port}`;
    await expect(openSocket('', { origin })).rejects.toThrow('403');
    await expect(openSocket('?token=wrong', { origin })).rejects.toThrow('403');
    await expect(openSocket(`?token=${TOKEN}`, { origin: 'http://evil.test' })).rejects.toThrow('403');
    await expect(openSocket(`?token=${TOKEN}`, {})).rejects.toThrow('403');
    await expect(openSocket(`?token=${TOKEN}`, { origin, host: 'evil.test' })).rejects.toThrow('403');

    const socket = await openSocket(`?token=${TOKEN}`, { origin });
    const reply = new Promise<unknown>((resolve) => socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()))));
    socket.send(JSON.stringify({ t: 'call', id: 1, method: 'getHostInfo', args: {} }));
    expect(await reply).toEqual({ t: 'result', id: 1, ok: true, value: { host: 'web', version: '9.9.9', credentialWarning: null, askBeforeStoringPassword: false } });
    socket.close();
  });
});
