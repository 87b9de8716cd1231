/**
 * Browser mode's one-time attachment downloads, as the page and as an attacker on the same machine see them:
 * the right request gets the file once, as a download with a safe name and nothing the browser would render;
 * a wrong token, Host or Origin, a cross-site fetch, a second use or a late one gets nothing.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES, type TernApi } from '../../shared/contract/api';
import type { Engine } from '../services/engine';
import { createLogger } from '../services/logger';
import { AttachmentDownloads } from './attachmentDownloads';
import { attachmentDisposition } from './contentDisposition';
import { startWebHost, type WebHost } from './webHost';
import { serve } from '../../shared/ipc/serve';

const TOKEN = 'download-test-token-0123456789';
let dir: string;
let host: WebHost;
let downloads: AttachmentDownloads;
let fileCount = 0;

const fakeEngine: Engine = {
  serve: (transport) => serve(transport, () => ({ api: Object.fromEntries(METHOD_NAMES.map((m) => [m, () => Promise.reject(new Error('unused'))])) as unknown as TernApi, close() {} })),
  addAccount: () => Promise.reject(new Error('unused')),
  wake: () => {},
  shutdown: async () => {},
};

interface Answer {
  status: number;
  body: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method, headers: { host: `127.0.0.1:${host.port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function offer(bytes: Buffer, filename = 'report.pdf', into: AttachmentDownloads = downloads): Promise<{ path: string; file: string }> {
  const file = join(dir, 'exports', `f${fileCount++}.part`);
  await writeFile(file, bytes, { mode: 0o600 });
  return { path: into.offer({ file, filename, size: bytes.length }), file };
}

const withToken = (path: string, token = TOKEN) => `${path}?token=${encodeURIComponent(token)}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tern-downloads-'));
  await Promise.all([writeFile(join(dir, 'index.html'), '<!doctype html>'), rm(join(dir, 'exports'), { force: true, recursive: true })]);
  const { mkdir } = await import('node:fs/promises');
  await mkdir(join(dir, 'exports'));
  downloads = new AttachmentDownloads();
  host = await startWebHost({ engine: fakeEngine, rendererDir: dir, log: createLogger(() => {}), port: 0, token: TOKEN, downloads });
});

afterAll(async () => {
  downloads.close();
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

describe('one-time attachment downloads', () => {
  it('serves the exact bytes once, as an attachment that is never rendered, then deletes the file', async () => {
    const bytes = Buffer.from('%PDF-1.4 the real bytes');
    const { path, file } = await offer(bytes, 'report.pdf');
    expect(path).toMatch(/^\/download\/[A-Za-z0-9_-]{32}$/);
    // The page's own navigation: no Origin, Sec-Fetch-Site same-origin.
    const answer = await get(withToken(path), { 'sec-fetch-site': 'same-origin' });
    expect(answer.status).toBe(200);
    expect(answer.body.equals(bytes)).toBe(true);
    expect(answer.headers['content-type']).toBe('application/octet-stream');
    expect(answer.headers['content-disposition']).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    expect(answer.headers['content-length']).toBe(String(bytes.length));
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['content-security-policy']).toContain('sandbox');
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    // Reused: gone.
    expect((await get(withToken(path))).status).toBe(404);
    expect(await readdir(join(dir, 'exports'))).not.toContain(file.split('/').pop());
    expect(downloads.pending).toBe(0);
  });

  it('refuses a wrong or missing token, a foreign Host, a foreign Origin and a cross-site request, without using the offer up', async () => {
    const bytes = Buffer.from('secret attachment');
    const { path } = await offer(bytes);
    expect((await get(path)).status).toBe(403);
    expect((await get(withToken(path, 'wrong-token'))).status).toBe(403);
    expect((await get(withToken(path, `${TOKEN}x`))).status).toBe(403);
    // DNS rebinding: the right port under a foreign name.
    expect((await get(withToken(path), { host: `evil.test:${host.port}` })).status).toBe(421);
    expect((await get(withToken(path), { origin: 'http://evil.test' })).status).toBe(403);
    expect((await get(withToken(path), { origin: `http://127.0.0.1:${host.port + 1}` })).status).toBe(403);
    expect((await get(withToken(path), { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await get(withToken(path), { 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await get(withToken(path), {}, 'HEAD')).status).toBe(405);
    expect((await get(withToken(path), {}, 'POST')).status).toBe(405);
    // None of that used it up; the page's own request (with its Origin) still gets it.
    const answer = await get(withToken(path), { origin: `http://127.0.0.1:${host.port}`, 'sec-fetch-site': 'same-origin' });
    expect(answer.status).toBe(200);
    expect(answer.body.equals(bytes)).toBe(true);
  });

  it('refuses unknown and malformed ids', async () => {
    expect((await get(withToken('/download/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'))).status).toBe(404);
    // `..` is resolved by URL parsing before routing: this is a request for the page itself, never a download.
    expect((await get(withToken('/download/../index.html'))).headers['content-disposition']).toBeUndefined();
    const { path } = await offer(Buffer.from('x'));
    expect((await get(withToken(`${path}/more`))).status).toBe(404);
    expect((await get(withToken(`${path}x`))).status).toBe(404);
    expect((await get(withToken('/download/%2e%2e%2findex.html'))).status).toBe(404);
    expect((await get(withToken('/download/'))).status).toBe(404);
  });

  it('expires an offer that is not fetched in time, and deletes its file', async () => {
    const short = new AttachmentDownloads(50);
    const expiring = await startWebHost({ engine: fakeEngine, rendererDir: dir, log: createLogger(() => {}), port: 0, token: TOKEN, downloads: short });
    try {
      const { path, file } = await offer(Buffer.from('late'), 'late.txt', short);
      await new Promise((resolve) => setTimeout(resolve, 150));
      const late = await new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: expiring.port, path: withToken(path), headers: { host: `127.0.0.1:${expiring.port}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      expect(late).toBe(404);
      expect(await readdir(join(dir, 'exports'))).not.toContain(file.split('/').pop());
    } finally {
      short.close();
      await expiring.close();
    }
  });

  it('streams a large file with the right length and hash', async () => {
    const bytes = Buffer.alloc(30 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = i % 251;
    const { path } = await offer(bytes, 'big.bin');
    const answer = await get(withToken(path));
    expect(answer.status).toBe(200);
    expect(answer.body.length).toBe(bytes.length);
    expect(createHash('sha256').update(answer.body).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});

describe('Content-Disposition for hostile names', () => {
  it.each([
    ['../../.bashrc', `attachment; filename=".bashrc"; filename*=UTF-8''.bashrc`],
    ['..\\..\\evil.bat', `attachment; filename="evil.bat"; filename*=UTF-8''evil.bat`],
    ['invoice\u202Efdp.exe', `attachment; filename="invoicefdp.exe"; filename*=UTF-8''invoicefdp.exe`],
    ['a"b.txt', `attachment; filename="a_b.txt"; filename*=UTF-8''a_b.txt`],
    ['x\r\nSet-Cookie: a=b.txt', `attachment; filename="xSet-Cookie_ a=b.txt"; filename*=UTF-8''xSet-Cookie_%20a%3Db.txt`],
    ['naïve résumé.pdf', `attachment; filename="na_ve r_sum_.pdf"; filename*=UTF-8''na%C3%AFve%20r%C3%A9sum%C3%A9.pdf`],
    ["it's (1)*.html", `attachment; filename="it's (1)_.html"; filename*=UTF-8''it%27s%20%281%29_.html`],
    ['100%.svg', `attachment; filename="100_.svg"; filename*=UTF-8''100%25.svg`],
    ['', `attachment; filename="attachment"; filename*=UTF-8''attachment`],
  ])('%j', (raw, header) => {
    const value = attachmentDisposition(raw);
    expect(value).toBe(header);
    // Never inline, never a line break, ASCII only (a header must be).
    expect(value.startsWith('attachment;')).toBe(true);
    expect(value).not.toMatch(/[\r\n]|[^\x20-\x7e]/);
  });
});
