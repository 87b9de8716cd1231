/**
 * Recipient addresses, parsed and checked by Tern itself (the composer as the user types, and main again on
 * everything that crosses the contract). nodemailer reads an address string as a whole header: a line break
 * turned `"b@example.com\r\nBcc: victim@evil.test"` into an address group that went only to the victim, and
 * `{address: "b@example.com, v@evil.test"}` reached a second address (handbook security.md). So every entry
 * here is exactly one mailbox — an optional display name and one addr-spec — and anything that could be a
 * group, a second address, a comment or a line break is refused with a sentence saying what is wrong.
 *
 * Accepted: `a@example.com`, `Name <a@example.com>`, `"Doe, Jane" <jane@example.com>`, internationalized
 * domains (`ana@jõgeva.ee`, sent as `xn--` A-labels). Not accepted (yet): quoted or non-ASCII local parts,
 * domain literals (`a@[192.0.2.1]`), comments, groups.
 */
import type { Address } from '../contract/messages';
import { asciiHost } from './linkSafety';

export type AddressCheck = { ok: true; address: Address } | { ok: false; error: string };
export type AddressListCheck = { ok: true; addresses: Address[] } | { ok: false; error: string };

const MAX_ADDRESS = 254;
const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;
const MAX_NAME = 200;
const MAX_FIELD = 20_000;

const ATEXT = "A-Za-z0-9!#$%&'*+/=?^_`{|}~-";
const DOT_ATOM_LOCAL = new RegExp(`^[${ATEXT}]+(?:\\.[${ATEXT}]+)*$`);
/** A domain label: letters (any script), digits and combining marks, hyphens inside. No invisible characters. */
const LABEL = /^[\p{L}\p{N}\p{M}](?:[\p{L}\p{N}\p{M}-]*[\p{L}\p{N}\p{M}])?$/u;
/** Line breaks, NUL and other C0/C1 controls: never in a name or an address. */
const isControl = (code: number) => code < 0x20 || (code >= 0x7f && code <= 0x9f);
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i))) return true;
  return false;
}
const withoutControls = (text: string) => [...text].map((ch) => (isControl(ch.charCodeAt(0)) ? ' ' : ch)).join('');
/** Characters that reorder or hide text, which would let a name display as something else. */
const BIDI_OR_INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

const show = (text: string) => `“${text.length > 80 ? `${text.slice(0, 77)}…` : text}”`;

/** Why `addrSpec` is not one deliverable address, or null when it is. */
export function addrSpecError(addrSpec: string): string | null {
  const value = addrSpec;
  if (value === '') return 'The address is empty.';
  if (hasControlCharacter(value)) return `${show(withoutControls(value))} contains a line break or control character.`;
  if (value.length > MAX_ADDRESS) return `${show(value)} is longer than an email address can be.`;
  if (/[\s,;<>()[\]\\":]/.test(value)) return `${show(value)} is not one email address.`;
  const at = value.lastIndexOf('@');
  if (at < 0) return `${show(value)} is missing the @ and the domain.`;
  if (value.indexOf('@') !== at) return `${show(value)} has more than one @.`;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local === '') return `${show(value)} is missing the name before the @.`;
  if (domain === '') return `${show(value)} is missing the domain after the @.`;
  if (/[^\x21-\x7e]/.test(local)) return `${show(value)}: Tern cannot yet send to an address with non-Latin characters before the @.`;
  if (local.length > MAX_LOCAL || !DOT_ATOM_LOCAL.test(local)) return `${show(value)} is not a valid email address (check the part before the @).`;
  return domainError(value, domain);
}

function domainError(value: string, domain: string): string | null {
  if (domain.length > MAX_DOMAIN) return `${show(value)} has a domain that is too long.`;
  if (BIDI_OR_INVISIBLE.test(domain)) return `${show(value)} has invisible characters in its domain.`;
  const labels = domain.split('.');
  if (labels.some((label) => label === '')) return `${show(value)} has an empty part in its domain (two dots, or a dot at the start or end).`;
  if (labels.length < 2 && domain.toLowerCase() !== 'localhost') return `${show(value)} is missing the domain ending (such as .com).`;
  if (!labels.every((label) => label.length <= 63 && LABEL.test(label))) return `${show(value)} has a domain that is not valid.`;
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) return `${show(value)} has a domain that is not valid.`;
  const ascii = asciiHost(domain);
  if (ascii === null || ascii.length > MAX_DOMAIN || !/^[a-z0-9.-]+$/.test(ascii)) return `${show(value)} has a domain that is not valid.`;
  return null;
}

/** Why `name` cannot be a display name, or null. Commas, quotes and non-Latin text are fine (nodemailer encodes them). */
export function displayNameError(name: string): string | null {
  if (hasControlCharacter(name)) return `The name ${show(withoutControls(name))} contains a line break or control character.`;
  if (BIDI_OR_INVISIBLE.test(name)) return `The name ${show(name)} contains invisible or text-direction characters.`;
  if (name.length > MAX_NAME) return `The name ${show(name)} is too long.`;
  return null;
}

/**
 * Checks one structured address that crossed a boundary (main checks every recipient of a message with it):
 * `name` and `address` strings, the address one addr-spec, the name free of line breaks.
 */
export function checkAddress(value: unknown): AddressCheck {
  if (typeof value !== 'object' || value === null) return { ok: false, error: 'A recipient is missing.' };
  const raw = value as Record<string, unknown>;
  const name = raw.name === undefined || raw.name === null ? '' : raw.name;
  if (typeof raw.address !== 'string' || typeof name !== 'string') return { ok: false, error: 'A recipient is not an address.' };
  const address = raw.address.trim();
  const error = addrSpecError(address) ?? displayNameError(name);
  if (error) return { ok: false, error };
  return { ok: true, address: { name: name.trim(), address } };
}

/** The address with its domain as ASCII (`xn--` labels), as the SMTP envelope carries it; null if not valid. */
export function asciiAddress(address: string): string | null {
  if (addrSpecError(address) !== null) return null;
  const at = address.lastIndexOf('@');
  const domain = asciiHost(address.slice(at + 1));
  return domain === null ? null : `${address.slice(0, at)}@${domain}`;
}

/** Two addresses name the same mailbox (compared case-insensitively, domains as A-labels). */
export function sameAddress(a: string, b: string): boolean {
  const norm = (value: string) => (asciiAddress(value.trim()) ?? value.trim()).toLowerCase();
  return norm(a) === norm(b);
}

interface Entry {
  text: string;
  /** Index of the top-level `<`, or -1. */
  open: number;
}

/**
 * Splits a field at top-level commas and semicolons (not inside quotes or angle brackets). A top-level colon
 * (the mark of a group, `Friends: a@x, b@y;`) and parentheses (comments) are refused here: the entry they are
 * in is reported.
 */
function splitEntries(input: string): { entries: Entry[] } | { error: string } {
  const entries: Entry[] = [];
  let start = 0;
  let quoted = false;
  let angle = false;
  let open = -1;
  const push = (end: number) => {
    const raw = input.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text !== '') entries.push({ text, open: open < 0 ? -1 : open - start - lead });
    start = end + 1;
    open = -1;
  };
  const around = (index: number) => {
    const from = Math.max(input.lastIndexOf(',', index), input.lastIndexOf(';', index)) + 1;
    return input.slice(from, from + 60).trim();
  };
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
      continue;
    }
    if (angle) {
      if (ch === '>') angle = false;
      else if (ch === '<' || ch === '"') return { error: `${show(around(i))} is not one email address.` };
      continue;
    }
    switch (ch) {
      case '"':
        quoted = true;
        break;
      case '<':
        if (open >= 0) return { error: `${show(around(i))} holds more than one address; separate addresses with commas.` };
        angle = true;
        open = i;
        break;
      case '>':
        return { error: `${show(around(i))} has a “>” without a matching “<”.` };
      case ':':
        return { error: `${show(around(i))} looks like an address group (“name: addresses;”). List the addresses themselves, separated by commas.` };
      case '(':
      case ')':
        return { error: `${show(around(i))} has parentheses; put a name in quotes instead, like "Ana (work)" <ana@example.com>.` };
      case ',':
      case ';':
        push(i);
        break;
      default:
        break;
    }
  }
  if (quoted) return { error: `${show(around(input.length - 1))} has a quote that is not closed.` };
  if (angle) return { error: `${show(around(input.length - 1))} has a “<” without a closing “>”.` };
  push(input.length);
  return { entries };
}

function unquote(name: string): string | null {
  if (!name.startsWith('"')) return null;
  let out = '';
  for (let i = 1; i < name.length; i++) {
    const ch = name[i];
    if (ch === '\\') {
      out += name[++i] ?? '';
    } else if (ch === '"') {
      return i === name.length - 1 ? out : null;
    } else {
      out += ch;
    }
  }
  return null;
}

function parseEntry({ text, open }: Entry): AddressCheck {
  if (open < 0) {
    if (text.startsWith('"')) return { ok: false, error: `${show(text)} has a name but no address in <angle brackets>.` };
    const error = addrSpecError(text);
    if (error && /\s/.test(text) && text.includes('@')) {
      return { ok: false, error: `${show(text)} is not one email address. Separate addresses with commas, and write a name as Name <address>.` };
    }
    return error ? { ok: false, error } : { ok: true, address: { name: '', address: text } };
  }
  const close = text.indexOf('>', open);
  if (close !== text.length - 1) return { ok: false, error: `${show(text)} has text after the address; separate addresses with commas.` };
  const address = text.slice(open + 1, close).trim();
  const error = addrSpecError(address);
  if (error) return { ok: false, error };
  const rawName = text.slice(0, open).trim();
  let name = rawName;
  if (rawName.startsWith('"')) {
    const inner = unquote(rawName);
    if (inner === null) return { ok: false, error: `${show(text)} has text outside the quoted name.` };
    name = inner;
  } else if (rawName.includes('"')) {
    return { ok: false, error: `${show(text)} has a stray quote in its name.` };
  } else if (rawName.includes('@') && !sameAddress(rawName, address)) {
    // `b@example.com <v@evil.test>` reads as one address and goes to another.
    return { ok: false, error: `The name ${show(rawName)} looks like an address but the message would go to ${show(address)}. Put a name in quotes if it really is a name.` };
  }
  if (sameAddress(name, address)) name = '';
  const nameError = displayNameError(name);
  if (nameError) return { ok: false, error: nameError };
  return { ok: true, address: { name: name.replace(/\s+/g, ' ').trim(), address } };
}

/**
 * Parses what the user typed into To, Cc or Bcc: addresses separated by commas or semicolons, each
 * `address` or `Name <address>`. Either every entry is valid, or the first problem is reported.
 */
export function parseAddressList(input: string): AddressListCheck {
  if (input.length > MAX_FIELD) return { ok: false, error: 'This field is too long.' };
  if (/[\r\n\0]/.test(input)) return { ok: false, error: 'Addresses cannot contain line breaks. Separate them with commas.' };
  const split = splitEntries(input);
  if ('error' in split) return { ok: false, error: split.error };
  const addresses: Address[] = [];
  for (const entry of split.entries) {
    const parsed = parseEntry(entry);
    if (!parsed.ok) return parsed;
    addresses.push(parsed.address);
  }
  return { ok: true, addresses };
}

/** How an address is written back into a field so that parseAddressList reads it the same way. */
export function formatAddressForField(address: Address): string {
  const name = address.name.trim();
  if (!name || sameAddress(name, address.address)) return address.address;
  const plain = /^[\p{L}\p{N}\p{M} .'!#$%&*+/=?^_`{|}~-]+$/u.test(name) && !name.includes('@');
  return `${plain ? name : `"${name.replace(/(["\\])/g, '\\$1')}"`} <${address.address}>`;
}

/** A field's text from a list of addresses. */
export function formatAddressList(addresses: readonly Address[]): string {
  return addresses.map(formatAddressForField).join(', ');
}

/** Removes later duplicates (same mailbox) and anything in `exclude`, keeping the first spelling. */
export function uniqueAddresses(addresses: readonly Address[], exclude: readonly string[] = []): Address[] {
  const out: Address[] = [];
  for (const entry of addresses) {
    if (!entry.address) continue;
    if (exclude.some((other) => sameAddress(other, entry.address))) continue;
    if (out.some((kept) => sameAddress(kept.address, entry.address))) continue;
    out.push(entry);
  }
  return out;
}

export interface ReplySource {
  from: readonly Address[];
  replyTo: readonly Address[];
  to: readonly Address[];
  cc: readonly Address[];
}

/**
 * Who a reply goes to. Reply: the Reply-To addresses, or else the sender. Reply all: those, plus the original
 * To and Cc in Cc — never the account's own addresses (`self`), never anyone twice. Replying to one's own
 * sent message goes to its original recipients instead of back to oneself.
 */
export function replyRecipients(original: ReplySource, self: readonly string[], mode: 'reply' | 'replyAll'): { to: Address[]; cc: Address[] } {
  const isSelf = (entry: Address) => self.some((own) => sameAddress(own, entry.address));
  const fromSelf = original.from.length > 0 && original.from.every(isSelf);
  const primary = original.replyTo.length > 0 ? original.replyTo : original.from;
  let to = uniqueAddresses(fromSelf ? original.to : primary, self);
  if (to.length === 0) to = uniqueAddresses(primary);
  if (mode === 'reply') return { to, cc: [] };
  const others = fromSelf ? original.cc : [...original.to, ...original.cc];
  const cc = uniqueAddresses(others, [...self, ...to.map((entry) => entry.address)]);
  return { to, cc };
}
