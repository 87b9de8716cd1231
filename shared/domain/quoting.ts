/**
 * What a reply or a forward starts as: its subject, the quoted original ("On <date>, <name> wrote:" and
 * "> " lines), the forwarded block, and the threading headers (In-Reply-To, References) that let every
 * client put the answer under the original.
 */
import type { Address } from '../contract/messages';

const REPLY_PREFIX = /^\s*(re|aw|sv|antw)(\[\d+\])?\s*:\s*/i;
const FORWARD_PREFIX = /^\s*(fwd?|wg|tr|rv)\s*:\s*/i;

export function replySubject(subject: string): string {
  const trimmed = subject.trim();
  if (REPLY_PREFIX.test(trimmed)) return `Re: ${trimmed.replace(REPLY_PREFIX, '')}`;
  return trimmed ? `Re: ${trimmed}` : 'Re:';
}

export function forwardSubject(subject: string): string {
  const trimmed = subject.trim();
  if (FORWARD_PREFIX.test(trimmed)) return `Fwd: ${trimmed.replace(FORWARD_PREFIX, '')}`;
  return trimmed ? `Fwd: ${trimmed}` : 'Fwd:';
}

/** Every line prefixed with "> " (">" alone for an empty line, ">>" style for lines already quoted). */
export function quoteLines(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  return lines.map((line) => (line === '' ? '>' : line.startsWith('>') ? `>${line}` : `> ${line}`)).join('\n');
}

export type DateFormatter = (epochMs: number) => string;

/** "Mon, 5 Jan 2026 at 10:00"-style, in the user's locale and time zone unless told otherwise. */
export function defaultDateFormatter(locale?: string, timeZone?: string): DateFormatter {
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) });
  return (epochMs) => format.format(new Date(epochMs));
}

function senderName(from: Address | undefined): string {
  if (!from) return 'someone';
  return from.name ? `${from.name} <${from.address}>` : from.address || 'someone';
}

export interface QuotedOriginal {
  from: readonly Address[];
  to: readonly Address[];
  cc: readonly Address[];
  subject: string;
  /** Epoch ms. */
  date: number;
  /** The text body; null when the message has none. */
  text: string | null;
}

/** "On <date>, <name> wrote:" */
export function replyAttribution(original: Pick<QuotedOriginal, 'date' | 'from'>, formatDate: DateFormatter): string {
  return `On ${formatDate(original.date)}, ${senderName(original.from[0])} wrote:`;
}

/** The start of a reply's body: room to write, then the attribution and the quoted original. */
export function replyBody(original: QuotedOriginal, formatDate: DateFormatter): string {
  const quoted = original.text && original.text.trim() !== '' ? quoteLines(original.text) : '>';
  return `\n\n${replyAttribution(original, formatDate)}\n${quoted}\n`;
}

const list = (addresses: readonly Address[]) => addresses.map((entry) => (entry.name ? `${entry.name} <${entry.address}>` : entry.address)).join(', ');

/** The start of a forward's body: room to write, then the original's headers and its text, not quoted. */
export function forwardBody(original: QuotedOriginal, formatDate: DateFormatter): string {
  const lines = [
    '',
    '',
    '---------- Forwarded message ----------',
    `From: ${list(original.from)}`,
    `Date: ${formatDate(original.date)}`,
    `Subject: ${original.subject}`,
    `To: ${list(original.to)}`,
  ];
  if (original.cc.length > 0) lines.push(`Cc: ${list(original.cc)}`);
  lines.push('', (original.text ?? '').replace(/\r\n?/g, '\n').replace(/\n+$/, ''), '');
  return lines.join('\n');
}

/** The `<id@host>` tokens of a Message-ID, In-Reply-To or References header, in order; junk between them is ignored. */
export function parseMessageIds(header: string | null | undefined): string[] {
  if (!header) return [];
  return [...header.matchAll(/<([^<>\s]+@[^<>\s]+)>/g)].map((match) => `<${match[1]}>`).filter((id) => isMessageId(id));
}

/** One well-formed `<left@right>` identifier, with nothing a header could be bent with. */
export function isMessageId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 250 && /^<[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+>$/.test(value);
}

const MAX_REFERENCES = 20;

/**
 * References for an answer (RFC 5322 3.6.4): the original's References (or, without them, its In-Reply-To),
 * then the original's Message-ID. Long chains keep the first id (the thread's root) and the most recent ones.
 */
export function buildReferences(original: { messageId: string | null; references: readonly string[]; inReplyTo?: readonly string[] }): string[] {
  const chain = original.references.length > 0 ? [...original.references] : original.inReplyTo?.length === 1 ? [...original.inReplyTo] : [];
  if (original.messageId && isMessageId(original.messageId)) chain.push(original.messageId);
  const unique = chain.filter((id, index) => isMessageId(id) && chain.indexOf(id) === index);
  if (unique.length <= MAX_REFERENCES) return unique;
  return [unique[0]!, ...unique.slice(unique.length - (MAX_REFERENCES - 1))];
}
