/**
 * Checks a message that crossed the contract before anything is built from it: every recipient one address
 * (shared/domain/addresses.ts), a Message-ID main can key "already sent" on, bounded sizes, attachment names
 * reduced to a safe base name. Throws TernError('INVALID_INPUT') saying what is wrong.
 */
import type { OriginalMessageRef, OutgoingMessage } from '../../shared/contract/compose';
import type { DraftLocation } from '../../shared/contract/drafts';
import { TernError } from '../../shared/contract/errors';
import type { Address } from '../../shared/contract/messages';
import { checkAddress, hasControlCharacter } from '../../shared/domain/addresses';
import { isMessageId } from '../../shared/domain/quoting';
import { sniffImageType } from '../mime/sniffImageType';
import type { OutgoingAttachmentBytes } from '../smtp/sendMessage';

export const MAX_RECIPIENTS = 500;
const MAX_SUBJECT = 2_000;
const MAX_TEXT = 5_000_000;
const MAX_ATTACHMENTS = 100;
/** The WebSocket carries at most 16 MiB per message, and base64 adds a third. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

function fail(message: string): never {
  throw new TernError('INVALID_INPUT', message);
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${what} is missing.`);
  return value as Record<string, unknown>;
}

export function recipients(value: unknown, field: string): Address[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(`${field} is not a list of addresses.`);
  return value.map((entry) => {
    const checked = checkAddress(entry);
    if (!checked.ok) fail(`${field}: ${checked.error}`);
    return checked.address;
  });
}

/** Base name only, no control, bidi or invisible characters, at most 150 characters (keeping the extension). */
export function safeFilename(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  let clean = [...base]
    .filter((ch) => !hasControlCharacter(ch) && !/[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u.test(ch))
    .join('')
    .replace(/^[\s.]+|\s+$/g, '');
  if (clean.length > 150) {
    const dot = clean.lastIndexOf('.');
    const extension = dot > 0 && clean.length - dot <= 12 ? clean.slice(dot) : '';
    clean = clean.slice(0, 150 - extension.length) + extension;
  }
  return clean || 'attachment';
}

/** `local@domain` of a Content-ID (RFC 2392), without the angle brackets: what a `cid:` URL names. */
const CONTENT_ID = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,100}@[A-Za-z0-9.-]{1,100}$/;
const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;

export function attachments(value: unknown): OutgoingAttachmentBytes[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > MAX_ATTACHMENTS) fail(`At most ${MAX_ATTACHMENTS} attachments can be sent.`);
  let total = 0;
  return value.map((entry) => {
    const raw = record(entry, 'An attachment');
    if (typeof raw.filename !== 'string' || typeof raw.contentBase64 !== 'string') fail('An attachment is not valid.');
    const base64 = raw.contentBase64.replace(/\s+/g, '');
    if (base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) fail(`The attachment “${safeFilename(raw.filename)}” is not valid base64.`);
    const content = Buffer.from(base64, 'base64');
    total += content.length;
    if (total > MAX_ATTACHMENT_BYTES) fail(`Attachments can be at most ${MAX_ATTACHMENT_BYTES / 1048576} MB in total.`);
    const mimeType = typeof raw.mimeType === 'string' && MIME_TYPE.test(raw.mimeType) ? raw.mimeType.toLowerCase() : 'application/octet-stream';
    if (raw.contentId === undefined || raw.contentId === null) return { filename: safeFilename(raw.filename), contentType: mimeType, content };
    if (typeof raw.contentId !== 'string' || !CONTENT_ID.test(raw.contentId)) fail(`The inline image “${safeFilename(raw.filename)}” is not valid.`);
    // Shown inside the recipient's message: only the image types every mail client draws, by their bytes.
    const imageType = sniffImageType(content);
    if (!imageType) fail(`“${safeFilename(raw.filename)}” cannot be shown in the text: only PNG, JPEG, GIF and WebP images can. Attach it instead.`);
    return { filename: safeFilename(raw.filename), contentType: imageType, content, contentId: raw.contentId };
  });
}

export function original(value: unknown): OriginalMessageRef | null {
  if (value === null || value === undefined) return null;
  const raw = record(value, 'The original message');
  if (raw.kind !== 'reply' && raw.kind !== 'forward') fail('The original message is not valid.');
  if (typeof raw.path !== 'string' || raw.path.length === 0 || raw.path.length > 1024 || /[\r\n\0]/.test(raw.path)) fail('The original message’s folder is not valid.');
  if (!Number.isSafeInteger(raw.uid) || (raw.uid as number) <= 0) fail('The original message is not valid.');
  if (typeof raw.uidValidity !== 'string' || !/^\d{1,20}$/.test(raw.uidValidity)) fail('The original message is not valid.');
  return {
    kind: raw.kind,
    path: raw.path,
    uid: raw.uid as number,
    uidValidity: raw.uidValidity,
    // A broken Message-ID on the original only costs threading: dropped, not refused.
    messageId: isMessageId(raw.messageId) ? raw.messageId : null,
  };
}

export function identityId(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(value)) fail('The From address of the message is not valid.');
  return value;
}

/** The composer's HTML (sanitized there, with a DOM); here only bounded, since main has no DOM to parse it with. */
export function htmlBody(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string' || value.length > MAX_TEXT || value.includes('\0')) fail('The message text is not valid.');
  return value;
}

const DRAFT_ID = /^[A-Za-z0-9-]{8,64}$/;

export function draftId(value: unknown): string {
  if (typeof value !== 'string' || !DRAFT_ID.test(value)) fail('The draft is not valid.');
  return value;
}

export function draftLocation(value: unknown): DraftLocation | null {
  if (value === null || value === undefined) return null;
  const raw = record(value, 'The draft');
  if (typeof raw.path !== 'string' || raw.path.length === 0 || raw.path.length > 1024 || /[\r\n\0]/.test(raw.path)) fail('The draft’s folder is not valid.');
  if (!Number.isSafeInteger(raw.uid) || (raw.uid as number) <= 0) fail('The draft is not valid.');
  if (typeof raw.uidValidity !== 'string' || !/^\d{1,20}$/.test(raw.uidValidity)) fail('The draft is not valid.');
  return { path: raw.path, uid: raw.uid as number, uidValidity: raw.uidValidity };
}

function draftRef(value: unknown): OutgoingMessage['draft'] {
  if (value === null || value === undefined) return null;
  const raw = record(value, 'The draft');
  return { draftId: draftId(raw.draftId), location: draftLocation(raw.location) };
}

/** A subject is one line: a pasted line break or tab becomes a space (nodemailer would fold it anyway). */
export function oneLineSubject(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_SUBJECT || value.includes('\0')) fail('The subject is not valid.');
  return [...value.replace(/\r\n?|\n/g, ' ')].map((ch) => (hasControlCharacter(ch) ? ' ' : ch)).join('').trim();
}

export function plainText(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_TEXT || value.includes('\0')) fail('The message text is not valid.');
  return value.replace(/\r\n?/g, '\n');
}

export interface ValidOutgoing {
  message: OutgoingMessage;
  attachments: OutgoingAttachmentBytes[];
}

export function validateOutgoing(value: unknown): ValidOutgoing {
  const raw = record(value, 'The message');
  if (!isMessageId(raw.messageId) || raw.messageId.length > 200) fail('The message has no valid Message-ID.');
  const date = raw.date;
  if (typeof date !== 'number' || !Number.isFinite(date) || date < Date.UTC(2000, 0, 1) || date > Date.now() + 7 * 86_400_000) fail('The message’s date is not valid.');
  const to = recipients(raw.to, 'To');
  const cc = recipients(raw.cc, 'Cc');
  const bcc = recipients(raw.bcc, 'Bcc');
  const count = to.length + cc.length + bcc.length;
  if (count === 0) fail('The message has no recipients.');
  if (count > MAX_RECIPIENTS) fail(`A message can go to at most ${MAX_RECIPIENTS} recipients.`);
  const files = attachments(raw.attachments);
  return {
    message: {
      messageId: raw.messageId,
      date,
      to,
      cc,
      bcc,
      subject: oneLineSubject(raw.subject),
      text: plainText(raw.text),
      html: htmlBody(raw.html),
      attachments: [],
      original: original(raw.original),
      identityId: identityId(raw.identityId),
      draft: draftRef(raw.draft),
    },
    attachments: files,
  };
}
