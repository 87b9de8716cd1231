import type { Address } from '../contract/messages';

/** "Name <address>" for display, always showing the real address when the name could hide it. */
export function formatAddress(address: Address): string {
  if (!address.name) return address.address;
  if (!address.address) return address.name;
  return `${address.name} <${address.address}>`;
}

/**
 * The short form for a list row: the name, or the address when there is none — and the real address when
 * the name itself looks like an address (`PayPal <security@paypal.com>` as the name of `x@evil.test`).
 */
export function senderLabel(addresses: Address[]): string {
  const first = addresses[0];
  if (!first) return '(no sender)';
  if (first.name && first.address && /[@<>]/.test(first.name) && !first.name.toLowerCase().includes(first.address.toLowerCase())) {
    return first.address;
  }
  return first.name || first.address || '(no sender)';
}
