/**
 * `--test-discovery FILE`, for the E2E tests only: points settings discovery at local stubs. The file maps
 * `host:port` to the loopback address to dial instead (the TLS certificate is still checked against the real
 * name, so trust comes from the test's own CA via NODE_EXTRA_CA_CERTS) and answers SRV and MX queries from a
 * table instead of the DNS. Nothing here can turn off a security check; without the flag nothing changes.
 */
import { readFile } from 'node:fs/promises';
import type { DiscoveryOverrides } from '../accounts/discovery/createDiscoveryDeps';
import type { DnsResolver, MxRecord, SrvRecord } from '../accounts/discovery/discoveryTypes';

interface TestDiscoveryFile {
  connectTo?: Record<string, string>;
  srv?: Record<string, SrvRecord[]>;
  mx?: Record<string, MxRecord[]>;
}

function hostPort(value: string): { host: string; port: number } {
  const match = /^(.+):(\d{1,5})$/.exec(value);
  if (!match?.[1]) throw new Error(`--test-discovery: “${value}” is not host:port`);
  return { host: match[1], port: Number(match[2]) };
}

function notFound(name: string): Error {
  return Object.assign(new Error(`no test record for ${name}`), { code: 'ENOTFOUND' });
}

export async function readTestDiscoveryOverrides(file: string): Promise<DiscoveryOverrides> {
  const raw = JSON.parse(await readFile(file, 'utf8')) as TestDiscoveryFile;
  const connectTo = new Map(Object.entries(raw.connectTo ?? {}).map(([from, to]) => [from.toLowerCase(), hostPort(to)]));
  const table = <T>(records: Record<string, T[]> | undefined, name: string): Promise<T[]> => {
    const found = records?.[name.toLowerCase()];
    return found ? Promise.resolve(found) : Promise.reject(notFound(name));
  };
  const resolver: DnsResolver = { resolveSrv: (name) => table(raw.srv, name), resolveMx: (name) => table(raw.mx, name) };
  return {
    https: { connectTo: (host, port) => connectTo.get(`${host.toLowerCase()}:${port}`) ?? null },
    resolver,
    timeouts: { httpMs: 3_000, dnsMs: 1_000 },
  };
}
