/**
 * A world where an address alone is enough: a private Dovecot and SMTP relay that speak TLS with certificates
 * from a CA made for this run, an HTTPS autoconfig server for example.test announcing them, and browser mode
 * started with that CA trusted (NODE_EXTRA_CA_CERTS) and `--test-discovery` dialling the stub for
 * autoconfig.example.test. Certificates are checked for real all the way.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrivateDovecot, type PrivateDovecot } from '../../electron/demo/privateDovecot';
import { startSmtpRelay } from '../../electron/smtp/lmtpRelay';
import { createTestAuthority } from '../../electron/testing/testCertificates';
import { startWebHostProcess, type WebHostProcess } from './webHostProcess';

export interface DiscoveryWorld {
  domain: string;
  users: Array<{ user: string; password: string }>;
  dovecot: PrivateDovecot;
  relayPort: number;
  host: WebHostProcess;
  /** Requests the autoconfig stub answered (path with query). */
  autoconfigRequests: string[];
  stop(): Promise<void>;
}

export async function startDiscoveryWorld(users: Array<{ user: string; password: string }>): Promise<DiscoveryWorld> {
  const domain = 'example.test';
  const dir = await mkdtemp(join(tmpdir(), 'tern-e2e-discovery-'));
  const authority = await createTestAuthority();
  const mailCert = await authority.issue(['localhost']);
  const webCert = await authority.issue([`autoconfig.${domain}`]);
  const certPath = join(dir, 'mail.pem');
  const keyPath = join(dir, 'mail.key');
  const caPath = join(dir, 'ca.pem');
  await writeFile(certPath, mailCert.cert);
  await writeFile(keyPath, mailCert.key, { mode: 0o600 });
  await writeFile(caPath, authority.ca);

  const dovecot = await startPrivateDovecot({
    users,
    // STARTTLS on the IMAP port, and no password before it: what a real provider's server does.
    extraConfig: `ssl = required\nssl_cert = <${certPath}\nssl_key = <${keyPath}\ndisable_plaintext_auth = yes\n`,
  });
  const relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users, tls: mailCert });

  const autoconfigRequests: string[] = [];
  const document = `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="${domain}">
    <domain>${domain}</domain>
    <displayName>Example Test Mail</displayName>
    <incomingServer type="imap">
      <hostname>localhost</hostname><port>${dovecot.imapPort}</port><socketType>plain</socketType>
      <authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>localhost</hostname><port>${dovecot.imapPort}</port><socketType>STARTTLS</socketType>
      <authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>localhost</hostname><port>${relay.port}</port><socketType>SSL</socketType>
      <authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username>
    </outgoingServer>
  </emailProvider>
</clientConfig>`;
  const stub = https.createServer(webCert, (request, response) => {
    autoconfigRequests.push(request.url ?? '');
    if (request.url?.startsWith('/mail/config-v1.1.xml')) response.writeHead(200, { 'content-type': 'text/xml' }).end(document);
    else response.writeHead(404).end();
  });
  const stubPort = await new Promise<number>((resolve) => stub.listen(0, '127.0.0.1', () => resolve((stub.address() as AddressInfo).port)));

  const overrides = join(dir, 'test-discovery.json');
  await writeFile(overrides, JSON.stringify({ connectTo: { [`autoconfig.${domain}:443`]: `127.0.0.1:${stubPort}` } }));
  const dataDir = join(dir, 'data');
  const host = await startWebHostProcess(dataDir, ['--test-discovery', overrides], { NODE_EXTRA_CA_CERTS: caPath });

  return {
    domain,
    users,
    dovecot,
    relayPort: relay.port,
    host,
    autoconfigRequests,
    async stop() {
      await host.stop();
      stub.closeAllConnections();
      await new Promise((resolve) => stub.close(resolve));
      await relay.close();
      await dovecot.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
