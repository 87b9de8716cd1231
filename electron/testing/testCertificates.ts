/**
 * A throwaway certificate authority and server certificates, made with openssl at test time, so TLS in tests
 * is verified for real (a name mismatch or an untrusted issuer still fails) without shipping any key.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCertificate {
  key: string;
  cert: string;
}

export interface TestAuthority {
  /** The CA certificate (PEM): what a client must trust. */
  ca: string;
  /** A server certificate for these DNS names, signed by this CA. */
  issue(names: string[]): Promise<TestCertificate>;
  /** A certificate signed by nobody the client trusts (for "untrusted" cases). */
  selfSigned(names: string[]): Promise<TestCertificate>;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export async function createTestAuthority(): Promise<TestAuthority> {
  const dir = await mkdtemp(join(tmpdir(), 'tern-test-ca-'));
  try {
    await run('openssl', ['req', '-x509', ...EC, '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.pem'), '-days', '2', '-subj', '/CN=Tern Test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    const caKey = await readFile(join(dir, 'ca.key'), 'utf8');
    const ca = await readFile(join(dir, 'ca.pem'), 'utf8');
    return {
      ca,
      issue: (names) => leaf(names, { caKey, ca }),
      selfSigned: (names) => leaf(names, null),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function leaf(names: string[], issuer: { caKey: string; ca: string } | null): Promise<TestCertificate> {
  if (names.length === 0 || names.some((name) => !/^[a-z0-9.*-]+$/i.test(name))) throw new Error(`Unsupported certificate names: ${names.join(', ')}`);
  const dir = await mkdtemp(join(tmpdir(), 'tern-test-cert-'));
  try {
    const ext = join(dir, 'ext.cnf');
    await writeFile(ext, `subjectAltName=${names.map((name) => `DNS:${name}`).join(',')}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
    const key = join(dir, 'leaf.key');
    if (issuer) {
      await writeFile(join(dir, 'ca.key'), issuer.caKey, { mode: 0o600 });
      await writeFile(join(dir, 'ca.pem'), issuer.ca);
      await run('openssl', ['req', ...EC, '-keyout', key, '-out', join(dir, 'leaf.csr'), '-subj', `/CN=${names[0]}`]);
      await run('openssl', ['x509', '-req', '-in', join(dir, 'leaf.csr'), '-CA', join(dir, 'ca.pem'), '-CAkey', join(dir, 'ca.key'), '-CAcreateserial',
        '-out', join(dir, 'leaf.pem'), '-days', '2', '-extfile', ext]);
    } else {
      await run('openssl', ['req', '-x509', ...EC, '-keyout', key, '-out', join(dir, 'leaf.pem'), '-days', '2', '-subj', `/CN=${names[0]}`, '-extensions', 'v3', '-config', await selfSignedConfig(dir, names)]);
    }
    return { key: await readFile(key, 'utf8'), cert: await readFile(join(dir, 'leaf.pem'), 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function selfSignedConfig(dir: string, names: string[]): Promise<string> {
  const path = join(dir, 'self.cnf');
  await writeFile(path, `[req]\ndistinguished_name=dn\n[dn]\n[v3]\nsubjectAltName=${names.map((name) => `DNS:${name}`).join(',')}\n`);
  return path;
}
