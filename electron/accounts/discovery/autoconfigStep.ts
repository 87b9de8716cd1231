/**
 * Steps 2 and 3: the domain's own autoconfig document over HTTPS (`autoconfig.<domain>` and
 * `<domain>/.well-known/autoconfig/`). The first IMAP and SMTP server that passes networkServer's gate wins,
 * in the document's order (its provider's preference); plaintext offers are refused and reported.
 */
import type { Security, ServerSettings } from '../../../shared/contract/accounts';
import type { DiscoveryStep } from '../../../shared/contract/discovery';
import { AutoconfigError, parseAutoconfig, type AutoconfigServer } from './autoconfigXml';
import type { DiscoveryDeps, Mailbox, StepOutcome } from './discoveryTypes';
import { acceptNetworkServer } from './networkServer';
import { signInForServer } from './signInForServer';
import { withTimeout } from './withTimeout';

/** Autoconfig documents are a few kilobytes; anything past this is not one. */
export const MAX_AUTOCONFIG_BYTES = 64 * 1024;

export function autoconfigUrls(mailbox: Mailbox): Record<'autoconfig' | 'wellKnown', string> {
  return {
    autoconfig: `https://autoconfig.${mailbox.domain}/mail/config-v1.1.xml?emailaddress=${encodeURIComponent(mailbox.email)}`,
    wellKnown: `https://${mailbox.domain}/.well-known/autoconfig/mail/config-v1.1.xml`,
  };
}

const SOCKET_TYPES: Record<string, Security> = { SSL: 'tls', TLS: 'tls', STARTTLS: 'starttls', plain: 'none' };
/** Methods that take the account password; OAuth2-only servers need a sign-in Tern offers per provider. */
const PASSWORD_METHODS = new Set(['password-cleartext', 'plain', 'password-encrypted', 'secure']);

function username(template: string, mailbox: Mailbox): string {
  if (template === '') return mailbox.email;
  return template.replaceAll('%EMAILADDRESS%', mailbox.email).replaceAll('%EMAILLOCALPART%', mailbox.localPart).replaceAll('%EMAILDOMAIN%', mailbox.domain);
}

function pick(servers: AutoconfigServer[], type: 'imap' | 'smtp', mailbox: Mailbox, refused: Set<string>): ServerSettings | null {
  for (const entry of servers) {
    if (entry.type !== type) continue;
    const methods = entry.authentication;
    // No <authentication> means the default (a password); a server only for OAuth2 or client certificates is not for a password.
    if (methods.length > 0 && !methods.some((method) => PASSWORD_METHODS.has(method) || method === 'OAuth2')) continue;
    const verdict = acceptNetworkServer({
      host: entry.hostname,
      port: /^\d{1,5}$/.test(entry.port) ? Number(entry.port) : NaN,
      security: SOCKET_TYPES[entry.socketType] ?? null,
      username: username(entry.username, mailbox),
    });
    if (verdict.ok) return verdict.server;
    refused.add(verdict.reason);
  }
  return null;
}

/** The provider's name as the document gives it, without control or direction characters, short. */
function shownName(name: string | null): string | null {
  const clean = name?.replace(/[\p{Cc}\p{Cf}]/gu, '').trim().slice(0, 80);
  return clean ? clean : null;
}

export async function autoconfigStep(step: Extract<DiscoveryStep, 'autoconfig' | 'wellKnown'>, mailbox: Mailbox, deps: DiscoveryDeps): Promise<StepOutcome> {
  const url = autoconfigUrls(mailbox)[step];
  const shown = url.replace(/\?.*$/, '');
  let body: string;
  try {
    // The fetcher has its own deadline; this one holds even for a fetcher that forgets it.
    const answer = await withTimeout(deps.fetchText(url, { timeoutMs: deps.timeouts.httpMs, maxBytes: MAX_AUTOCONFIG_BYTES }), deps.timeouts.httpMs);
    if (answer.status !== 200) return { found: null, notes: [] };
    body = answer.body;
  } catch {
    // Most domains have no autoconfig server at all: silence, like a 404.
    return { found: null, notes: [] };
  }
  let doc;
  try {
    doc = parseAutoconfig(body);
  } catch (error) {
    const reason = error instanceof AutoconfigError ? error.message : 'it could not be read';
    return { found: null, notes: [`The settings at ${shown} were ignored: ${reason}.`] };
  }
  const refused = new Set<string>();
  const imap = pick(doc.incoming, 'imap', mailbox, refused);
  const smtp = pick(doc.outgoing, 'smtp', mailbox, refused);
  const notes = refused.has('plaintext') ? [`${shown} offered a connection without encryption; Tern ignored it.`] : [];
  if (!imap || !smtp) {
    if (refused.size === 0) notes.push(`${shown} has no usable ${!imap ? 'IMAP' : 'SMTP'} server.`);
    return { found: null, notes };
  }
  return { found: { step, source: shown, providerName: shownName(doc.displayName), imap, smtp, signIn: signInForServer(imap.host) }, notes };
}
