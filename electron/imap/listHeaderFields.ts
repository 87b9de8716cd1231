/**
 * What the message list shows, read from the raw header fields of one message (one FETCH of
 * BODY.PEEK[HEADER.FIELDS (...)]) rather than from ENVELOPE. A header block arrives as one literal that the
 * IMAP parser hands over whole, where an ENVELOPE is a nest of quoted strings it walks byte by byte: at
 * 100,000 messages that parse was half of the sync's CPU. Decoding (RFC 2047 words, address lists) is
 * postal-mime's, the same library that parses bodies, so the list and the reader agree on a name.
 */
import { addressParser, decodeWords } from 'postal-mime';
import type { Address } from '../../shared/contract/messages';
import { firstFieldValues } from '../../shared/domain/headerFields';

export const LIST_HEADER_FIELDS = ['from', 'to', 'cc', 'subject', 'date', 'message-id', 'in-reply-to', 'references', 'content-type'];

const MESSAGE_ID = /<[^<>\s]{1,250}>/g;
/** Enough ancestors to join any thread; a hostile header cannot make every row huge. */
const MAX_REFERENCES = 30;
/** A list row needs no more; a hostile field cannot make every row huge. */
const MAX_TEXT = 1000;
const MAX_ADDRESSES = 100;

export interface ListHeaderFields {
  messageId: string | null;
  subject: string;
  from: Address[];
  to: Address[];
  cc: Address[];
  /** Epoch milliseconds of the Date field; null when it is missing or unparsable. */
  date: number | null;
  hasAttachments: boolean;
  inReplyTo: string | null;
  references: string[];
}

function safeDecode(value: string): string {
  try {
    return decodeWords(value);
  } catch {
    return value;
  }
}

/**
 * The same From and To come back on most of a mailbox (a list's sender, the user's own address): parsed once
 * each. Bounded; the rows share the arrays, which nobody mutates (they are serialized for the renderer).
 */
const recentAddresses = new Map<string, Address[]>();
const RECENT_ADDRESSES = 2000;

function addressesOf(value: string | undefined): Address[] {
  if (!value) return [];
  if (value.length > 500) return parseAddresses(value);
  const known = recentAddresses.get(value);
  if (known) return known;
  const addresses = parseAddresses(value);
  if (recentAddresses.size >= RECENT_ADDRESSES) recentAddresses.clear();
  recentAddresses.set(value, addresses);
  return addresses;
}

function parseAddresses(value: string): Address[] {
  let parsed: ReturnType<typeof addressParser>;
  try {
    parsed = addressParser(value.slice(0, MAX_TEXT * 10), { flatten: true });
  } catch {
    return [];
  }
  const addresses: Address[] = [];
  for (const entry of parsed) {
    // The parser has decoded the encoded words of the name already.
    const name = (entry.name ?? '').slice(0, MAX_TEXT);
    const address = (entry.address ?? '').slice(0, MAX_TEXT);
    if (name || address) addresses.push({ name, address });
    if (addresses.length === MAX_ADDRESSES) break;
  }
  return addresses;
}

function dateOf(value: string | undefined): number | null {
  if (!value) return null;
  // Comments such as "(UTC)" or "(PST)" after the zone are legal and trip Date.parse.
  const time = Date.parse(value.replace(/\([^()]*\)/g, ' ').trim());
  return Number.isFinite(time) ? time : null;
}

/**
 * multipart/mixed at the top is how mail with attachments is built. Thunderbird shows its paperclip from the
 * same sign until a message is opened; a BODYSTRUCTURE per message would cost every sync far more to parse.
 */
function looksLikeItHasAttachments(contentType: string | undefined): boolean {
  return /^\s*multipart\/(mixed|report)\b/i.test(contentType ?? '');
}

/** Raw header bytes: UTF-8 as RFC 6532 allows (older 8-bit mail shows replacement characters, as in ENVELOPE). */
export function listHeaderFields(block: Buffer | undefined): ListHeaderFields {
  const fields = firstFieldValues(block?.toString('utf8') ?? '');
  const messageId = fields.get('message-id')?.match(MESSAGE_ID)?.[0] ?? null;
  return {
    messageId,
    subject: safeDecode(fields.get('subject') ?? '').slice(0, MAX_TEXT),
    from: addressesOf(fields.get('from')),
    to: addressesOf(fields.get('to')),
    cc: addressesOf(fields.get('cc')),
    date: dateOf(fields.get('date')),
    hasAttachments: looksLikeItHasAttachments(fields.get('content-type')),
    inReplyTo: fields.get('in-reply-to')?.match(MESSAGE_ID)?.[0] ?? null,
    references: (fields.get('references')?.match(MESSAGE_ID) ?? []).slice(-MAX_REFERENCES),
  };
}
