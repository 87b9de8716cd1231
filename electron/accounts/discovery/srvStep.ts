/**
 * Step 4: RFC 6186 SRV records. `_imaps`/`_submissions` mean TLS from the first byte (preferred, RFC 8314);
 * `_imap`/`_submission` mean STARTTLS, which Tern then requires, so a record can move the port but never
 * remove the encryption. A target of "." says the service is deliberately not offered.
 */
import type { Security, ServerSettings } from '../../../shared/contract/accounts';
import type { DiscoveryDeps, Mailbox, SrvRecord, StepOutcome } from './discoveryTypes';
import { acceptNetworkServer } from './networkServer';
import { signInForServer } from './signInForServer';
import { withTimeout } from './withTimeout';

async function records(name: string, deps: DiscoveryDeps): Promise<SrvRecord[]> {
  try {
    const found = await withTimeout(deps.resolver.resolveSrv(name), deps.timeouts.dnsMs);
    // Lowest priority first; among equals the heaviest (RFC 2782's weighted pick, made deterministic).
    return [...found].sort((a, b) => a.priority - b.priority || b.weight - a.weight).slice(0, 20);
  } catch {
    return [];
  }
}

async function service(mailbox: Mailbox, deps: DiscoveryDeps, choices: ReadonlyArray<readonly [label: string, security: Security]>): Promise<ServerSettings | null> {
  const answers = await Promise.all(choices.map(([label]) => records(`${label}._tcp.${mailbox.domain}`, deps)));
  for (const [index, [, security]] of choices.entries()) {
    for (const record of answers[index] ?? []) {
      if (record.name === '.' || record.name === '') break;
      const verdict = acceptNetworkServer({ host: record.name, port: record.port, security, username: mailbox.email });
      if (verdict.ok) return verdict.server;
    }
  }
  return null;
}

export async function srvStep(mailbox: Mailbox, deps: DiscoveryDeps): Promise<StepOutcome> {
  const [imap, smtp] = await Promise.all([
    service(mailbox, deps, [['_imaps', 'tls'], ['_imap', 'starttls']]),
    service(mailbox, deps, [['_submissions', 'tls'], ['_submission', 'starttls']]),
  ]);
  if (!imap || !smtp) return { found: null, notes: [] };
  return {
    found: { step: 'srv', source: `the DNS (SRV) records of ${mailbox.domain}`, providerName: null, imap, smtp, signIn: signInForServer(imap.host) },
    notes: [],
  };
}
