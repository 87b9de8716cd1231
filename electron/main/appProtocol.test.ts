import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from './appProtocol';
import { resolveAppPath } from './resolveAppPath';

// The literal policy from the brief, so a change in the code has to be a deliberate change here too.
const EXPECTED_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https: http:; font-src 'self' data:; " +
  "connect-src 'self'; frame-src 'self' blob: data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

let base: string;
let root: string;
let handler: ReturnType<typeof createAppProtocolHandler>;
const get = (url: string, method = 'GET') => handler({ url, method });

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'tern-app-protocol-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Tern</title>');
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'a b.css'), 'body{}');
  // Targets that exist, so a 404 below means "refused", not "missing".
  await writeFile(join(base, 'secret.json'), '{"password":"hunter2"}');
  await mkdir(join(base, 'renderer-evil'));
  await writeFile(join(base, 'renderer-evil', 'x.js'), 'evil');
  await symlink(join(base, 'secret.json'), join(root, 'assets', 'link.json'));
  handler = createAppProtocolHandler(root);
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('app:// protocol handler', () => {
  it('serves index.html with the strict CSP header', async () => {
    const response = await get('app://tern/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Tern</title>');
  });

  it('serves the root as index.html, and ignores query and fragment', async () => {
    for (const url of ['app://tern/', 'app://tern/index.html?x=1#y']) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-security-policy'), url).toBe(EXPECTED_CSP);
    }
  });

  it('serves scripts with their type, and percent-encoded names', async () => {
    const script = await get('app://tern/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
    expect((await get('app://tern/assets/a%20b.css')).status).toBe(200);
  });

  it.each([
    'app://tern/../secret.json',
    'app://tern/assets/../../secret.json',
    'app://tern/%2e%2e/secret.json',
    'app://tern/%2E%2E/secret.json',
    'app://tern/.%2e/secret.json',
    'app://tern/%2e./secret.json',
    'app://tern/..%2fsecret.json',
    'app://tern/..%2Fsecret.json',
    'app://tern/%2e%2e%2fsecret.json',
    'app://tern/assets%2f..%2f..%2fsecret.json',
    'app://tern/..%5csecret.json',
    'app://tern/..\\secret.json',
    'app://tern/%252e%252e/secret.json',
    'app://tern/../renderer-evil/x.js',
    'app://tern//etc/passwd',
    'app://tern/%2fetc%2fpasswd',
    'app://tern/index.html%00.js',
    'app://tern/%E0%A4%A',
    'app://tern/assets/link.json',
    'app://tern/assets',
    'app://tern/missing.html',
    'app://evil/index.html',
    'app://tern.evil/index.html',
    'https://tern/index.html',
  ])('404s on %s', async (url) => {
    expect((await get(url)).status).toBe(404);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://tern/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get('app://tern/index.html', 'POST')).status).toBe(405);
  });
});

describe('resolveAppPath', () => {
  it('maps app URLs to files inside the folder only', () => {
    expect(resolveAppPath('/srv/r', 'app://tern/')).toBe(join('/srv/r', 'index.html'));
    expect(resolveAppPath('/srv/r', 'app://tern/assets/x.js')).toBe(join('/srv/r', 'assets', 'x.js'));
    expect(resolveAppPath('/srv/r', 'app://tern/%2e%2e/r2/x.js')).toBeNull();
    expect(resolveAppPath('/srv/r', 'app://tern/./x.js')).toBeNull();
  });
});
