/** The real network behind discovery, with short timeouts; tests replace any part of it. */
import { Resolver } from 'node:dns/promises';
import type { DiscoveryDeps, DiscoveryTimeouts, DnsResolver } from './discoveryTypes';
import { createHttpsText, type HttpsTextOptions } from './httpsText';

export const DEFAULT_DISCOVERY_TIMEOUTS: DiscoveryTimeouts = { httpMs: 6_000, dnsMs: 4_000 };

export interface DiscoveryOverrides {
  https?: HttpsTextOptions;
  resolver?: DnsResolver;
  timeouts?: Partial<DiscoveryTimeouts>;
}

export function createDiscoveryDeps(overrides: DiscoveryOverrides = {}): DiscoveryDeps {
  const timeouts = { ...DEFAULT_DISCOVERY_TIMEOUTS, ...overrides.timeouts };
  return {
    fetchText: createHttpsText(overrides.https),
    resolver: overrides.resolver ?? new Resolver({ timeout: timeouts.dnsMs, tries: 1 }),
    timeouts,
  };
}
