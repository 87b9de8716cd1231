/**
 * The people address autocomplete offers: everyone seen in cached mail, with how often and how recently the
 * user wrote to them (their own mail: in a Sent folder or from one of their addresses) and received mail
 * from them. Each message counts with a weight that halves every 30 days, so frequency and recency are one
 * number per direction. Writing to someone weighs ten times as much as hearing from them: the people you
 * write to come first, then those who write to you, which keeps newsletters below colleagues.
 */
import type { Address } from '../../contract/messages';
import { sameAddress } from '../addresses';
import { foldForSearch } from '../search/foldForSearch';

export interface ContactSource {
  from: readonly Address[];
  to: readonly Address[];
  cc: readonly Address[];
  /** Epoch ms. */
  date: number;
  /** Filed in a Sent folder. */
  inSent: boolean;
}

export interface Contact {
  name: string;
  address: string;
  /** Messages the user wrote to them, each weighted by its age. */
  written: number;
  /** Messages they wrote to the user, each weighted by its age. */
  received: number;
  /** When the name was last seen, so the newest spelling of it wins. */
  namedAt: number;
}

export const HALF_LIFE_MS = 30 * 86_400_000;
export const WRITTEN_WEIGHT = 10;

const weight = (date: number, now: number) => 0.5 ** (Math.max(0, now - date) / HALF_LIFE_MS);

export function contactScore(contact: Contact): number {
  return contact.written * WRITTEN_WEIGHT + contact.received;
}

/** Everyone in `messages` but the user, keyed by lower-cased address. */
export function collectContacts(messages: Iterable<ContactSource>, ownAddresses: readonly string[], now: number): Map<string, Contact> {
  const own = (address: string) => ownAddresses.some((mine) => sameAddress(mine, address));
  const contacts = new Map<string, Contact>();
  const see = (person: Address, date: number, direction: 'written' | 'received') => {
    const address = person.address.trim();
    if (!address.includes('@') || own(address)) return;
    const key = address.toLowerCase();
    let contact = contacts.get(key);
    if (!contact) contacts.set(key, (contact = { name: '', address, written: 0, received: 0, namedAt: -Infinity }));
    contact[direction] += weight(date, now);
    const name = person.name.trim();
    if (name && !sameAddress(name, address) && date >= contact.namedAt) {
      contact.name = name;
      contact.namedAt = date;
    }
  };
  for (const message of messages) {
    const mine = message.inSent || message.from.some((sender) => own(sender.address));
    if (mine) for (const person of [...message.to, ...message.cc]) see(person, message.date, 'written');
    else for (const person of message.from) see(person, message.date, 'received');
  }
  return contacts;
}

/** Whether what the user typed starts the address, the name, or any word of the name (accents and case aside). */
export function matchesContact(contact: Contact, query: string): boolean {
  const q = foldForSearch(query);
  if (!q) return false;
  const address = contact.address.toLowerCase();
  if (address.startsWith(q) || address.slice(address.indexOf('@') + 1).startsWith(q)) return true;
  const name = foldForSearch(contact.name);
  return name.startsWith(q) || name.split(/[\s.,'"()-]+/).some((word) => word.startsWith(q));
}

/** The best `limit` matches for `query`, best first; `exclude` are addresses already in the field. */
export function rankContacts(contacts: Iterable<Contact>, query: string, limit = 8, exclude: readonly string[] = []): Contact[] {
  const skip = new Set(exclude.map((address) => address.toLowerCase()));
  return [...contacts]
    .filter((contact) => !skip.has(contact.address.toLowerCase()) && matchesContact(contact, query))
    .sort((a, b) => contactScore(b) - contactScore(a) || a.name.localeCompare(b.name) || a.address.localeCompare(b.address))
    .slice(0, limit);
}
