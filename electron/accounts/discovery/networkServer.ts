/**
 * The one gate every server setting from the network (autoconfig XML, SRV records) passes: a plaintext offer
 * is refused, never quietly used, and anything that is not a plain host name and port is dropped. What the
 * bundled provider table says never goes through here: it is not an answer anyone on the network can forge.
 */
import type { Security, ServerSettings } from '../../../shared/contract/accounts';
import { asciiHost, registrableDomain } from '../../../shared/domain/linkSafety';

export type NetworkVerdict = { ok: true; server: ServerSettings } | { ok: false; reason: 'plaintext' | 'invalid' };

const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A host name as the network wrote it, in lower-case ASCII without a trailing dot; null when it is not one. */
export function cleanHostName(raw: string): string | null {
  const trimmed = raw.trim().replace(/\.$/, '');
  if (trimmed === '' || /[\s/@:[\]\\]/.test(trimmed)) return null;
  const ascii = asciiHost(trimmed);
  return ascii !== null && HOST.test(ascii) ? ascii : null;
}

export function acceptNetworkServer(raw: { host: string; port: number; security: Security | null; username: string }): NetworkVerdict {
  if (raw.security === 'none') return { ok: false, reason: 'plaintext' };
  const host = cleanHostName(raw.host);
  if (host === null || raw.security === null) return { ok: false, reason: 'invalid' };
  if (!Number.isInteger(raw.port) || raw.port < 1 || raw.port > 65535) return { ok: false, reason: 'invalid' };
  if (raw.username.length > 320 || /[\r\n\0]/.test(raw.username)) return { ok: false, reason: 'invalid' };
  return { ok: true, server: { host, port: raw.port, security: raw.security, username: raw.username } };
}

/** True when the servers belong to someone other than the address's own domain: worth a word to the user. */
export function isOutsideDomain(host: string, domain: string): boolean {
  return registrableDomain(host) !== registrableDomain(domain);
}
