/**
 * Finds an address's IMAP and SMTP settings the way Thunderbird does, most trusted first: the bundled provider
 * table (which, for its domains, is the only answer ever used), then the domain's autoconfig document over
 * HTTPS, then SRV records, then MX-based recognition of a big provider. The network steps run at once, each
 * with its own short timeout, and the most trusted one that found something wins.
 */
import { domainToASCII } from 'node:url';
import type { DiscoveryResult, DiscoveryStep } from '../../../shared/contract/discovery';
import { TernError } from '../../../shared/contract/errors';
import { addrSpecError } from '../../../shared/domain/addresses';
import { autoconfigStep } from './autoconfigStep';
import type { DiscoveryDeps, Mailbox, StepOutcome } from './discoveryTypes';
import { mxStep } from './mxStep';
import { isOutsideDomain } from './networkServer';
import { providerForDomain, providerSettings } from './providerTable';
import { srvStep } from './srvStep';

export function mailboxOf(email: unknown): Mailbox {
  if (typeof email !== 'string' || addrSpecError(email.trim()) !== null) throw new TernError('INVALID_INPUT', 'Enter your email address first.');
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  const domain = domainToASCII(trimmed.slice(at + 1).replace(/\.$/, '')).toLowerCase();
  if (!domain) throw new TernError('INVALID_INPUT', `“${trimmed}” does not have a valid domain.`);
  return { email: trimmed, localPart: trimmed.slice(0, at), domain };
}

export async function discoverSettings(email: unknown, deps: DiscoveryDeps): Promise<DiscoveryResult> {
  const mailbox = mailboxOf(email);
  const provider = providerForDomain(mailbox.domain);
  if (provider) {
    return {
      found: { step: 'providerTable', source: 'Tern’s list of mail providers', providerName: provider.name, ...providerSettings(provider, mailbox.email), signIn: provider.signIn },
      notes: [],
    };
  }

  const steps: Array<[DiscoveryStep, Promise<StepOutcome>]> = [
    ['autoconfig', autoconfigStep('autoconfig', mailbox, deps)],
    ['wellKnown', autoconfigStep('wellKnown', mailbox, deps)],
    ['srv', srvStep(mailbox, deps)],
    ['mx', mxStep(mailbox, deps)],
  ];
  const notes: string[] = [];
  for (const [, pending] of steps) {
    const outcome = await pending;
    notes.push(...outcome.notes);
    const found = outcome.found;
    if (!found) continue;
    // A table provider found by its MX is known-good; anything else named by the network is shown with where it points.
    if (found.step !== 'mx' && isOutsideDomain(found.imap.host, mailbox.domain)) {
      notes.push(`These servers are not under ${mailbox.domain} (they are at ${found.imap.host}). Make sure you trust them before you enter your password.`);
    }
    return { found, notes };
  }
  return { found: null, notes };
}
