/**
 * What the composer starts from and what it hands the outbox. A draft keeps the fields as the user typed
 * them; `toOutgoing` parses every address field (shared/domain/addresses.ts) and says per field what is wrong,
 * so what is sent is exactly the list the user saw.
 */
import type { Identity } from '../../../shared/contract/accounts';
import type { OriginalMessageRef, OutgoingAttachment, OutgoingMessage } from '../../../shared/contract/compose';
import type { DraftLocation, DraftMessage } from '../../../shared/contract/drafts';
import { TernError } from '../../../shared/contract/errors';
import { formatAddressList, parseAddressList, replyRecipients, sameAddress } from '../../../shared/domain/addresses';
import { identityForReply, signatureBlock } from '../../../shared/domain/identities';
import { asciiHost } from '../../../shared/domain/linkSafety';
import { defaultDateFormatter, forwardBody, forwardSubject, replyAttribution, replyBody, replySubject } from '../../../shared/domain/quoting';
import type { BodyRow, OutboxRow } from '../../cache/db';
import type { MailSession } from '../../state/mailSession';
import { htmlToText } from './htmlToText';
import { imagesToParts, partsToImages } from './inlineImages';
import { sanitizeComposeHtml } from '../reader/sanitizeMessageHtml';
import { plainToRichText, richTextToPlain } from './richTextToPlain';
import { preferences } from '../../state/preferences';

export type ComposeKind = 'reply' | 'replyAll' | 'forward';

export type ComposeIntent =
  | { kind: 'new'; accountId: string }
  | { kind: ComposeKind; accountId: string; path: string; uid: number }
  /** A message taken back out of the outbox (Undo, or Edit of a failed one). */
  | { kind: 'edit'; row: OutboxRow }
  /** A message of the Drafts folder, written here or on another device. */
  | { kind: 'draft'; accountId: string; path: string; uid: number }
  /** A draft this computer holds, by id: a composer moved to a window of its own. */
  | { kind: 'local'; draftId: string };

export interface Draft {
  /** Names the draft across its versions, here and on the server (see renderer/state/draftSync.ts). */
  draftId: string;
  /** The server copy this draft started from (reopened from Drafts, or back from the outbox). */
  serverDraft: DraftLocation | null;
  accountId: string;
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  /** The plain-text body (plain-text mode). */
  body: string;
  /** Rich text (the editor's HTML) or plain text; a switch between them converts the body. */
  format: 'rich' | 'plain';
  /** The rich-text body as the editor has it (rich mode); sanitized again whenever it leaves the composer. */
  html: string;
  attachments: OutgoingAttachment[];
  original: OriginalMessageRef | null;
  /** Kept for a message that comes back from the outbox, so sending it again can never make two copies. */
  messageId: string | null;
  /** The From identity of the account; null: its default. */
  identityId: string | null;
  /** Something the user should know about the draft (the original's text could not be loaded). */
  notice: string | null;
}

export type AddressField = 'to' | 'cc' | 'bcc';
export type DraftErrors = Partial<Record<AddressField | 'attachments', string>>;

/** Total attachment size the contract carries (main refuses more). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** 32 hex digits: what main accepts as a draft id. */
export function newDraftId(): string {
  return crypto.randomUUID().replace(/-/g, '');
}

/** A signature as rich text: room to write above it, then the "-- " line and the signature's lines. */
export function signatureHtml(signature: string): string {
  const block = signatureBlock(signature);
  return block ? plainToRichText(block.trimStart()) : '';
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const empty = (accountId: string, identity: Identity | null = null, format: Draft['format'] = preferences().get().composeFormat): Draft => ({
  draftId: newDraftId(),
  serverDraft: null,
  accountId,
  to: '',
  cc: '',
  bcc: '',
  subject: '',
  format,
  html: format === 'rich' ? `<p></p>${signatureHtml(identity?.signature ?? '')}` : '',
  body: format === 'plain' ? signatureBlock(identity?.signature ?? '') : '',
  attachments: [],
  original: null,
  messageId: null,
  identityId: identity?.id ?? null,
  notice: null,
});

export function draftFromOutbox(row: OutboxRow): Draft {
  const { message } = row;
  const body = message.html ? partsToImages(message.html, message.attachments) : { html: '', attachments: message.attachments };
  return {
    draftId: message.draft?.draftId ?? newDraftId(),
    serverDraft: message.draft?.location ?? null,
    accountId: row.accountId,
    to: formatAddressList(message.to),
    cc: formatAddressList(message.cc),
    bcc: formatAddressList(message.bcc),
    subject: message.subject,
    body: message.html ? '' : message.text,
    format: message.html ? 'rich' : 'plain',
    html: body.html ? sanitizeComposeHtml(body.html) : '',
    attachments: body.attachments,
    original: message.original,
    messageId: message.messageId,
    identityId: message.identityId ?? null,
    notice: row.error ? `Not sent: ${row.error.message}` : null,
  };
}

/** The draft an intent starts from: empty, a reply (quoted, addressed), or a forward. */
export async function draftFor(session: MailSession, intent: ComposeIntent): Promise<Draft> {
  if (intent.kind === 'edit') return draftFromOutbox(intent.row);
  if (intent.kind === 'draft') return draftFromServer(session, intent);
  if (intent.kind === 'local') {
    const row = await session.db.drafts.get(intent.draftId);
    if (!row || row.state !== 'open') throw new TernError('NOT_FOUND', 'This draft is no longer on this computer; look for it in Drafts.');
    return { ...row.draft, notice: null };
  }
  if (intent.kind === 'new') return empty(intent.accountId, (await session.db.accounts.get(intent.accountId))?.identities[0] ?? null);
  const { db } = session;
  const { accountId, path, uid } = intent;
  const header = await db.messages.get([accountId, path, uid]);
  if (!header) throw new TernError('NOT_FOUND', 'This message is no longer in this folder.');
  let body = await db.bodies.get([accountId, path, uid]);
  let notice: string | null = null;
  if (!body) {
    try {
      await session.loadBody(accountId, path, uid);
      body = await db.bodies.get([accountId, path, uid]);
    } catch {
      notice = 'The original’s text is not available offline, so it is not quoted.';
    }
  }
  const account = await db.accounts.get(accountId);
  // Answered (or passed on) from the address it was sent to, with that identity's signature above the quote.
  const identity = account ? identityForReply(account.identities, header) : null;
  const signature = signatureBlock(identity?.signature ?? '');
  const cursor = await db.cursors.get([accountId, path]);
  const text = body ? (body.text ?? (body.html ? htmlToText(body.html) : null)) : null;
  const quoted = { from: header.from, to: header.to, cc: header.cc, subject: header.subject, date: header.date, text };
  const formatDate = defaultDateFormatter();
  const original: OriginalMessageRef | null = cursor
    ? { kind: intent.kind === 'forward' ? 'forward' : 'reply', path, uid, uidValidity: cursor.uidValidity, messageId: header.messageId }
    : null;
  if (intent.kind === 'forward') {
    const kept = body && cursor ? await originalAttachments(session, { accountId, path, uid, uidValidity: cursor.uidValidity }, body) : { files: [], left: 0 };
    if (kept.left > 0 && !notice) notice = `${kept.left === 1 ? 'One of the original’s attachments' : `${kept.left} of the original’s attachments`} could not be added (too large, or not available now).`;
    const base = { ...empty(accountId, identity), subject: forwardSubject(header.subject), original, notice, attachments: kept.files };
    if (base.format === 'plain') return { ...base, body: signature + forwardBody(quoted, formatDate) };
    // The forward header as forwardBody writes it, then the original as the reader would show its content.
    const headerLines = forwardBody({ ...quoted, text: '' }, formatDate).trim().split('\n');
    const content = body?.html ? sanitizeComposeHtml(body.html) : plainToRichText(text ?? '');
    return { ...base, html: `<p></p>${signatureHtml(identity?.signature ?? '')}<p>${headerLines.map(escapeHtml).join('<br>')}</p>${content}` };
  }
  const self = account ? [account.email, ...account.identities.map((entry) => entry.email)] : [];
  const recipients = replyRecipients({ from: header.from, replyTo: body?.replyTo ?? [], to: header.to, cc: header.cc }, self, intent.kind === 'replyAll' ? 'replyAll' : 'reply');
  const addressed = {
    // Written the way the original was, unless the user writes plain text only.
    ...empty(accountId, identity, body?.html && preferences().get().composeFormat === 'rich' ? 'rich' : 'plain'),
    to: formatAddressList(recipients.to),
    cc: formatAddressList(recipients.cc),
    subject: replySubject(header.subject),
    original,
    notice,
  };
  // A reply is written the way the original was: an HTML original is quoted as (sanitized) HTML.
  if (addressed.format === 'rich' && body?.html) {
    const attribution = escapeHtml(replyAttribution(quoted, formatDate));
    return { ...addressed, html: `<p></p>${signatureHtml(identity?.signature ?? '')}<p>${attribution}</p><blockquote>${sanitizeComposeHtml(body.html)}</blockquote>` };
  }
  return { ...addressed, body: signature + replyBody(quoted, formatDate) };
}

/** A forward carries the original's attachments (not the images its HTML shows inline), within the size limit. */
async function originalAttachments(session: MailSession, ref: { accountId: string; path: string; uid: number; uidValidity: string }, body: BodyRow): Promise<{ files: OutgoingAttachment[]; left: number }> {
  const files: OutgoingAttachment[] = [];
  let total = 0;
  let left = 0;
  for (const [index, info] of body.attachments.entries()) {
    if (info.inline && info.contentId) continue;
    if (total + info.size > MAX_ATTACHMENT_BYTES) {
      left += 1;
      continue;
    }
    try {
      const content = await session.client.api.fetchAttachment({ ...ref, index });
      files.push({ filename: content.filename, mimeType: content.mimeType, contentBase64: content.contentBase64 });
      total += content.size;
    } catch {
      left += 1;
    }
  }
  return { files, left };
}

/**
 * A message of the Drafts folder, read back from the server. When this computer holds a newer version of the
 * same draft that has not reached the server yet, that one wins.
 */
async function draftFromServer(session: MailSession, intent: Extract<ComposeIntent, { kind: 'draft' }>): Promise<Draft> {
  const { db } = session;
  const { accountId, path, uid } = intent;
  const cursor = await db.cursors.get([accountId, path]);
  if (!cursor) throw new TernError('NOT_FOUND', 'This folder is still syncing; try again in a moment.');
  const opened = await session.client.api.openDraft({ accountId, path, uid, uidValidity: cursor.uidValidity });
  const local = opened.draftId ? await db.drafts.get(opened.draftId) : undefined;
  if (local && local.state === 'open' && local.version > local.savedVersion) return { ...local.draft, notice: 'Changes made on this computer are not in Drafts on the server yet; they are shown here.' };
  const account = await db.accounts.get(accountId);
  const from = opened.from;
  const identity = (from && account?.identities.find((entry) => sameAddress(entry.email, from.address))) ?? account?.identities[0] ?? null;
  // Its images go back into the text where they stood.
  const body = opened.html ? partsToImages(opened.html, opened.attachments) : { html: '', attachments: opened.attachments };
  return {
    draftId: opened.draftId ?? newDraftId(),
    serverDraft: { path, uid, uidValidity: cursor.uidValidity },
    accountId,
    to: withUnfinished(formatAddressList(opened.to), opened.unfinished?.to),
    cc: withUnfinished(formatAddressList(opened.cc), opened.unfinished?.cc),
    bcc: withUnfinished(formatAddressList(opened.bcc), opened.unfinished?.bcc),
    subject: opened.subject,
    format: opened.html ? 'rich' : 'plain',
    html: body.html ? sanitizeComposeHtml(body.html) : '',
    body: opened.html ? '' : opened.text.replace(/\r\n?/g, '\n'),
    attachments: body.attachments,
    original: opened.original,
    messageId: null,
    identityId: identity?.id ?? null,
    notice: opened.notice,
  };
}

/** Every address of a field that parses on its own: a half-typed one goes in `unfinishedText` instead. */
function parseableAddresses(text: string): OutgoingMessage['to'] {
  const whole = parseAddressList(text);
  if (whole.ok) return whole.addresses;
  return text.split(/[,;]/).flatMap((part) => {
    const one = parseAddressList(part);
    return one.ok ? one.addresses : [];
  });
}

/** What of a field is not an address yet ('' when all of it is): kept in the server copy as typed. */
export function unfinishedText(text: string): string {
  if (parseAddressList(text).ok) return '';
  return text
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter((part) => part !== '' && !parseAddressList(part).ok)
    .join(', ');
}

/** A field as reopened: the addresses that parsed, then what was still being typed. */
export function withUnfinished(addresses: string, unfinished: string | undefined): string {
  return [addresses, unfinished ?? ''].filter((part) => part.trim() !== '').join(', ');
}

/** The text and (rich mode) the sanitized HTML that leave the composer; the text part is made from that HTML. */
export function bodyParts(draft: Draft): { text: string; html: string | null; attachments: OutgoingAttachment[] } {
  if (draft.format === 'plain') return { text: draft.body, html: null, attachments: draft.attachments };
  // The editor keeps an empty paragraph after a closing quote or list, for the caret; the message needs none.
  const html = sanitizeComposeHtml(draft.html.replace(/(<p><\/p>\s*)+$/, ''));
  // Images in the text travel as parts of their own, after the attachments.
  const inline = imagesToParts(html, draft.draftId);
  return { text: richTextToPlain(html), html: inline.html, attachments: [...draft.attachments, ...inline.parts] };
}

/** What the server copy of a draft holds. */
export function toDraftMessage(draft: Draft): DraftMessage {
  return {
    draftId: draft.draftId,
    identityId: draft.identityId,
    to: parseableAddresses(draft.to),
    cc: parseableAddresses(draft.cc),
    bcc: parseableAddresses(draft.bcc),
    subject: draft.subject.replace(/[\r\n]+/g, ' '),
    ...bodyParts(draft),
    original: draft.original,
    unfinished: unfinishedFields(draft),
  };
}

function unfinishedFields(draft: Draft): DraftMessage['unfinished'] {
  const fields = { to: unfinishedText(draft.to), cc: unfinishedText(draft.cc), bcc: unfinishedText(draft.bcc) };
  return fields.to || fields.cc || fields.bcc ? fields : null;
}

/** `<random@account-domain>`: unique, and made once per press of Send. */
export function newMessageId(accountEmail: string): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  const id = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  const domain = asciiHost(accountEmail.slice(accountEmail.lastIndexOf('@') + 1));
  return `<${id}.tern@${domain && /^[a-z0-9.-]+$/.test(domain) ? domain : 'tern.invalid'}>`;
}

export function attachmentBytes(attachments: readonly OutgoingAttachment[]): number {
  return attachments.reduce((sum, attachment) => sum + Math.floor((attachment.contentBase64.length * 3) / 4), 0);
}

/** Roughly what the message weighs on the wire: base64 in 76-character lines, the text twice for rich text, headers. */
export function estimateMessageBytes(draft: Draft): number {
  const encoded = draft.attachments.reduce((sum, attachment) => sum + Math.ceil(attachment.contentBase64.length * (78 / 76)) + 300, 0);
  const body = draft.format === 'rich' ? richBodyBytes(draft.html) : draft.body.length * 1.1;
  return Math.round(encoded + body + 2_000);
}

let lastRichBody: { html: string; bytes: number } | null = null;

/** The HTML and its text part, with each image of the text counted once, as the base64 part it becomes. */
function richBodyBytes(html: string): number {
  // Asked at every render while typing, of HTML that may hold megabytes of images: the last answer is kept.
  if (lastRichBody?.html === html) return lastRichBody.bytes;
  let sourceChars = 0;
  let parts = 0;
  // indexOf, not a regular expression: it skips over megabytes of base64 at memchr speed.
  for (let at = html.indexOf('src="data:'); at !== -1; at = html.indexOf('src="data:', at)) {
    const end = html.indexOf('"', at + 5);
    if (end === -1) break;
    const base64 = end - (html.indexOf(',', at) + 1);
    sourceChars += end + 1 - at;
    parts += Math.ceil(Math.max(0, base64) * (78 / 76)) + 300;
    at = end;
  }
  const bytes = (html.length - sourceChars) * 2.2 + parts;
  lastRichBody = { html, bytes };
  return bytes;
}

/** The message to send, or what is wrong with each field. */
export function toOutgoing(draft: Draft, accountEmail: string, now: number): { ok: true; message: OutgoingMessage } | { ok: false; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const fields = {} as Record<AddressField, OutgoingMessage['to']>;
  for (const field of ['to', 'cc', 'bcc'] as const) {
    const parsed = parseAddressList(draft[field]);
    if (parsed.ok) fields[field] = parsed.addresses;
    else errors[field] = parsed.error;
  }
  if (!errors.to && !errors.cc && !errors.bcc && fields.to.length + fields.cc.length + fields.bcc.length === 0) errors.to = 'Add at least one recipient.';
  const body = bodyParts(draft);
  if (attachmentBytes(body.attachments) > MAX_ATTACHMENT_BYTES) errors.attachments = `Attachments and images can be at most ${MAX_ATTACHMENT_BYTES / 1048576} MB in total.`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    message: {
      messageId: draft.messageId ?? newMessageId(accountEmail),
      date: now,
      to: fields.to,
      cc: fields.cc,
      bcc: fields.bcc,
      subject: draft.subject.replace(/[\r\n]+/g, ' ').trim(),
      ...body,
      original: draft.original,
      identityId: draft.identityId,
      draft: { draftId: draft.draftId, location: draft.serverDraft },
    },
  };
}

/** Reads picked files as attachments (base64), refusing a total over the limit. */
export async function readAttachments(files: readonly File[]): Promise<OutgoingAttachment[]> {
  return Promise.all(
    files.map(
      (file) =>
        new Promise<OutgoingAttachment>((resolve, reject) => {
          const reader = new FileReader();
          reader.onerror = () => reject(new Error(`“${file.name}” could not be read.`));
          reader.onload = () => {
            const url = String(reader.result);
            resolve({ filename: file.name, mimeType: file.type || 'application/octet-stream', contentBase64: url.slice(url.indexOf(',') + 1) });
          };
          reader.readAsDataURL(file);
        }),
    ),
  );
}
