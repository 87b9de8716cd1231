/** What each discovery step needs from the outside world, injectable so tests answer instead of the network. */
import type { DiscoveredSettings } from '../../../shared/contract/discovery';

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
}

/** GET over HTTPS only; resolves with the status and the body (empty unless 200), rejects on any failure. */
export type FetchText = (url: string, limits: FetchLimits) => Promise<{ status: number; body: string }>;

export interface SrvRecord {
  name: string;
  port: number;
  priority: number;
  weight: number;
}

export interface MxRecord {
  exchange: string;
  priority: number;
}

/** The subset of node:dns/promises' Resolver discovery uses. */
export interface DnsResolver {
  resolveSrv(name: string): Promise<SrvRecord[]>;
  resolveMx(name: string): Promise<MxRecord[]>;
}

export interface DiscoveryTimeouts {
  /** Per HTTPS request, redirects included. */
  httpMs: number;
  /** Per DNS query. */
  dnsMs: number;
}

export interface DiscoveryDeps {
  fetchText: FetchText;
  resolver: DnsResolver;
  timeouts: DiscoveryTimeouts;
}

/** One step's answer: settings, or null, and what the user should hear about it (e.g. a refused plaintext offer). */
export interface StepOutcome {
  found: DiscoveredSettings | null;
  notes: string[];
}

export interface Mailbox {
  email: string;
  localPart: string;
  /** ASCII (punycode), lower case. */
  domain: string;
}
