/**
 * Step 5: who receives the domain's mail (MX). A domain whose mail exchangers belong to a provider in the
 * bundled table (a company on Google Workspace or Microsoft 365) gets that provider's settings — from the
 * table, never from the DNS answer itself, which only chooses among known-good settings.
 */
import type { DiscoveryDeps, Mailbox, StepOutcome } from './discoveryTypes';
import { cleanHostName } from './networkServer';
import { providerForMx, providerSettings } from './providerTable';
import { withTimeout } from './withTimeout';

export async function mxStep(mailbox: Mailbox, deps: DiscoveryDeps): Promise<StepOutcome> {
  let exchangers;
  try {
    exchangers = await withTimeout(deps.resolver.resolveMx(mailbox.domain), deps.timeouts.dnsMs);
  } catch {
    return { found: null, notes: [] };
  }
  for (const mx of [...exchangers].sort((a, b) => a.priority - b.priority).slice(0, 20)) {
    const exchange = cleanHostName(mx.exchange);
    const provider = exchange === null ? null : providerForMx(exchange);
    if (!provider || exchange === null) continue;
    return {
      found: { step: 'mx', source: `the domain’s mail server (${exchange}), which belongs to ${provider.name}`, providerName: provider.name, ...providerSettings(provider, mailbox.email), signIn: provider.signIn },
      notes: [],
    };
  }
  return { found: null, notes: [] };
}
