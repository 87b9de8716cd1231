import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAuthority, type TestAuthority } from '../../testing/testCertificates';
import { createHttpsText, type HttpsTextOptions } from './httpsText';

const NAME = 'autoconfig.example.test';
let authority: TestAuthority;
let server: https.Server;
let untrusted: https.Server;
let plain: http.Server;
let plainHits = 0;

function listen(target: http.Server | https.Server): Promise<number> {
  return new Promise((resolve) => target.listen(0, '127.0.0.1', () => resolve((target.address() as AddressInfo).port)));
}

const ports = { tls: 0, untrusted: 0, plain: 0 };

function options(extra: Partial<HttpsTextOptions> = {}): HttpsTextOptions {
  return {
    ca: authority.ca,
    // Every test name dials the local server; the certificate is still checked against the name in the URL.
    connectTo: (host) => ({ host: '127.0.0.1', port: host === 'untrusted.example.test' ? ports.untrusted : ports.tls }),
    ...extra,
  };
}

beforeAll(async () => {
  authority = await createTestAuthority();
  const cert = await authority.issue([NAME, 'other.example.test']);
  server = https.createServer(cert, (request, response) => {
    switch (request.url) {
      case '/ok':
        response.end('<clientConfig/>');
        return;
      case '/to-https':
        response.writeHead(302, { location: 'https://other.example.test/ok' }).end();
        return;
      case '/to-http':
        response.writeHead(301, { location: `http://127.0.0.1:${ports.plain}/ok` }).end();
        return;
      case '/loop':
        response.writeHead(302, { location: '/loop' }).end();
        return;
      case '/big':
        response.write('x'.repeat(40_000));
        response.end('x'.repeat(40_000));
        return;
      case '/big-declared':
        response.writeHead(200, { 'content-length': String(10_000_000) });
        response.write('x');
        return;
      case '/drip': {
        const timer = setInterval(() => response.write('x'), 50);
        response.on('close', () => clearInterval(timer));
        return;
      }
      default:
        response.writeHead(404).end('nope');
    }
  });
  ports.tls = await listen(server);
  untrusted = https.createServer(await authority.selfSigned(['untrusted.example.test']), (_, response) => response.end('<clientConfig/>'));
  ports.untrusted = await listen(untrusted);
  plain = http.createServer((_, response) => {
    plainHits++;
    response.end('<clientConfig/>');
  });
  ports.plain = await listen(plain);
}, 30_000);

afterAll(async () => {
  for (const target of [server, untrusted, plain]) {
    target.closeAllConnections();
    await new Promise((resolve) => target.close(resolve));
  }
});

const limits = { timeoutMs: 2_000, maxBytes: 64 * 1024 };

describe('createHttpsText', () => {
  it('reads a document over verified HTTPS', async () => {
    await expect(createHttpsText(options())(`https://${NAME}/ok`, limits)).resolves.toEqual({ status: 200, body: '<clientConfig/>' });
  });

  it('answers other statuses without a body', async () => {
    await expect(createHttpsText(options())(`https://${NAME}/missing`, limits)).resolves.toEqual({ status: 404, body: '' });
  });

  it('refuses a certificate nobody trusts', async () => {
    await expect(createHttpsText(options())('https://untrusted.example.test/', limits)).rejects.toThrow(/self.signed|certificate/i);
  });

  it('refuses a certificate for another name', async () => {
    const fetchText = createHttpsText(options({ connectTo: () => ({ host: '127.0.0.1', port: ports.tls }) }));
    await expect(fetchText('https://wrong-name.example.test/ok', limits)).rejects.toThrow(/altnames|does not match|hostname/i);
  });

  it('follows a redirect to another HTTPS URL', async () => {
    await expect(createHttpsText(options())(`https://${NAME}/to-https`, limits)).resolves.toEqual({ status: 200, body: '<clientConfig/>' });
  });

  it('never follows a redirect down to plain HTTP, and never even asks the HTTP server', async () => {
    plainHits = 0;
    await expect(createHttpsText(options())(`https://${NAME}/to-http`, limits)).rejects.toThrow(/HTTPS only/);
    expect(plainHits).toBe(0);
    // The canary itself works: a direct request reaches it.
    await new Promise<void>((resolve) => http.get(`http://127.0.0.1:${ports.plain}/`, (response) => response.resume().on('end', resolve)));
    expect(plainHits).toBe(1);
  });

  it('refuses an http: URL outright', async () => {
    plainHits = 0;
    await expect(createHttpsText(options())(`http://127.0.0.1:${ports.plain}/ok`, limits)).rejects.toThrow(/HTTPS only/);
    expect(plainHits).toBe(0);
  });

  it('stops after a few redirects', async () => {
    await expect(createHttpsText(options())(`https://${NAME}/loop`, limits)).rejects.toThrow(/too many redirects/);
  });

  it('cuts off an answer larger than the cap, declared or not', async () => {
    await expect(createHttpsText(options())(`https://${NAME}/big`, limits)).rejects.toThrow(/larger than/);
    await expect(createHttpsText(options())(`https://${NAME}/big-declared`, limits)).rejects.toThrow(/larger than/);
  });

  it('gives up on a server that drips bytes, at the deadline', async () => {
    const started = Date.now();
    await expect(createHttpsText(options())(`https://${NAME}/drip`, { timeoutMs: 400, maxBytes: 64 * 1024 })).rejects.toThrow(/no answer within 400 ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
