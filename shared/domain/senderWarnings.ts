/**
 * Signs that a message's sender is not who it claims to be, from the headers alone: a display name that
 * carries another address (`PayPal <security@paypal.com>` as the name of `<x@evil.test>`), a Reply-To on
 * another domain, and look-alike sender domains. None of this proves forgery; it tells the user where to look.
 */
import type { Address } from '../contract/messages';
import { asciiHost, describeHostRisks, hostRisks, registrableDomain, type HostRisk } from './linkSafety';

export type SenderWarning =
  /** The display name holds an address (or `<`) that is not the real sender; `claimed` is that address if any. */
  | { kind: 'name-contains-address'; claimed: string | null; actual: string }
  | { kind: 'reply-to-other-domain'; replyTo: string; fromDomain: string }
  | { kind: 'lookalike-domain'; domain: string; asciiDomain: string; risks: HostRisk[] };

const ADDRESS_IN_TEXT = /[^\s<>"'(),;:[\]]+@[^\s<>"'(),;:[\]]+/gu;

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1);
}

function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

export function senderWarnings(from: Address | undefined, replyTo: readonly Address[] = []): SenderWarning[] {
  if (!from || !from.address) return [];
  const warnings: SenderWarning[] = [];
  const actual = from.address;

  const claimed = (from.name.match(ADDRESS_IN_TEXT) ?? []).map((found) => found.replace(/[.>]+$/, ''));
  const other = claimed.find((address) => !sameAddress(address, actual));
  if (other !== undefined) warnings.push({ kind: 'name-contains-address', claimed: other, actual });
  else if (/[<>]/.test(from.name)) warnings.push({ kind: 'name-contains-address', claimed: null, actual });

  const fromDomain = domainOf(actual);
  const fromRegistrable = registrableDomain(asciiHost(fromDomain) ?? fromDomain);
  const foreign = replyTo.find((entry) => {
    const domain = domainOf(entry.address);
    return domain !== '' && registrableDomain(asciiHost(domain) ?? domain) !== fromRegistrable;
  });
  if (foreign) warnings.push({ kind: 'reply-to-other-domain', replyTo: foreign.address, fromDomain });

  const risks = fromDomain ? hostRisks(fromDomain) : [];
  if (risks.length > 0) warnings.push({ kind: 'lookalike-domain', domain: fromDomain, asciiDomain: asciiHost(fromDomain) ?? fromDomain, risks });

  return warnings;
}

/** One sentence per warning, for the reader's header. */
export function describeSenderWarning(warning: SenderWarning): string {
  switch (warning.kind) {
    case 'name-contains-address':
      return warning.claimed
        ? `The sender’s name shows ${warning.claimed}, but the message really comes from ${warning.actual}.`
        : `The sender’s name is written to look like an address; the message really comes from ${warning.actual}.`;
    case 'reply-to-other-domain':
      return `Replies go to ${warning.replyTo}, not to the sender’s domain (${warning.fromDomain}).`;
    case 'lookalike-domain':
      return `The sender’s domain: ${describeHostRisks(warning.asciiDomain, warning.risks)}`;
  }
}
