/**
 * A draft read back from the server for editing. Tern's own drafts carry `X-Tern-Draft-Id` (so the next save
 * replaces every version) and `X-Tern-Original` (the message it answers, so that sending it from another
 * device still threads and marks the original); a draft another program wrote has neither and is edited
 * all the same. Addresses that do not pass Tern's own check are left out rather than carried into a field.
 */
import PostalMime, { type Address as PostalAddress } from 'postal-mime';
import type { OriginalMessageRef, OutgoingAttachment } from '../../shared/contract/compose';
import type { OpenedDraft, UnfinishedAddresses } from '../../shared/contract/drafts';
import type { Address } from '../../shared/contract/messages';
import { checkAddress } from '../../shared/domain/addresses';
import { isMessageId } from '../../shared/domain/quoting';
import { bareContentId } from './parseMessage';
import { sniffImageType } from './sniffImageType';

/** The longest half-typed text kept per address field (electron/compose/validateDraft.ts). */
export const MAX_UNFINISHED = 1000;

/** What comes back over the contract, like a new message's attachments (electron/compose/validateOutgoing.ts). */
const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

function addresses(list: PostalAddress[] | undefined): Address[] {
  return (list ?? [])
    .flatMap((entry) => (entry.group ? entry.group : [entry]))
    .map((mailbox) => checkAddress({ name: mailbox.name ?? '', address: mailbox.address ?? '' }))
    .flatMap((checked) => (checked.ok ? [checked.address] : []));
}

/** `kind=reply; uidvalidity=7; uid=42; path=INBOX; message-id=%3Cid%40host%3E`, values %-encoded. */
export function formatOriginalHeader(original: OriginalMessageRef): string {
  const parts = [`kind=${original.kind}`, `uidvalidity=${original.uidValidity}`, `uid=${original.uid}`, `path=${encodeURIComponent(original.path)}`];
  if (original.messageId) parts.push(`message-id=${encodeURIComponent(original.messageId)}`);
  return parts.join('; ');
}

/** `to=carol%40exa; cc=` : the half-typed text of each address field, %-encoded (X-Tern-Unfinished). */
export function formatUnfinishedHeader(unfinished: UnfinishedAddresses): string | null {
  const parts = (['to', 'cc', 'bcc'] as const).filter((field) => unfinished[field]).map((field) => `${field}=${encodeURIComponent(unfinished[field])}`);
  return parts.length > 0 ? parts.join('; ') : null;
}

export function parseUnfinishedHeader(value: string | undefined): UnfinishedAddresses | null {
  if (!value) return null;
  const unfinished: UnfinishedAddresses = { to: '', cc: '', bcc: '' };
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    const field = part.slice(0, eq).trim().toLowerCase();
    if (eq <= 0 || (field !== 'to' && field !== 'cc' && field !== 'bcc')) continue;
    try {
      // One line of at most MAX_UNFINISHED characters, whatever the header says.
      unfinished[field] = decodeURIComponent(part.slice(eq + 1).trim()).replace(/[\r\n\0]+/g, ' ').slice(0, MAX_UNFINISHED);
    } catch {
      // Not valid %-encoding: that field is left empty.
    }
  }
  return unfinished.to || unfinished.cc || unfinished.bcc ? unfinished : null;
}

export function parseOriginalHeader(value: string | undefined): OriginalMessageRef | null {
  if (!value) return null;
  const fields = new Map<string, string>();
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const decode = (text: string | undefined) => {
    try {
      return text === undefined ? null : decodeURIComponent(text);
    } catch {
      return null;
    }
  };
  const kind = fields.get('kind');
  const uid = Number(fields.get('uid'));
  const uidValidity = fields.get('uidvalidity') ?? '';
  const path = decode(fields.get('path'));
  const messageId = decode(fields.get('message-id'));
  if ((kind !== 'reply' && kind !== 'forward') || !Number.isSafeInteger(uid) || uid <= 0 || !/^\d{1,20}$/.test(uidValidity) || !path || /[\r\n\0]/.test(path)) return null;
  return { kind, uid, uidValidity, path, messageId: isMessageId(messageId) ? messageId : null };
}

export async function parseDraft(source: Uint8Array): Promise<OpenedDraft> {
  const email = await PostalMime.parse(source, { maxNestingDepth: 100, attachmentEncoding: 'arraybuffer' });
  const header = (name: string) => email.headers.find((entry) => entry.key === name)?.value;
  const draftId = header('x-tern-draft-id')?.trim() ?? '';
  const attachments: OutgoingAttachment[] = [];
  let total = 0;
  let left = 0;
  for (const attachment of email.attachments) {
    const bytes = Buffer.from(attachment.content as ArrayBuffer);
    // An image the HTML shows goes back into the text where it stood; one it no longer names is left out.
    const contentId = attachment.contentId ? bareContentId(attachment.contentId) : '';
    const inline = contentId !== '' && (attachment.disposition === 'inline' || attachment.related === true);
    if (inline && !(email.html?.includes(`cid:${contentId}`) && sniffImageType(bytes))) continue;
    if (total + bytes.length > MAX_ATTACHMENT_BYTES) {
      left += 1;
      continue;
    }
    total += bytes.length;
    attachments.push({ filename: attachment.filename ?? 'attachment', mimeType: attachment.mimeType, contentBase64: bytes.toString('base64'), ...(inline ? { contentId } : {}) });
  }
  const from = addresses(email.from ? [email.from] : [])[0] ?? null;
  return {
    draftId: /^[A-Za-z0-9-]{8,64}$/.test(draftId) ? draftId : null,
    from,
    to: addresses(email.to),
    cc: addresses(email.cc),
    bcc: addresses(email.bcc),
    subject: email.subject ?? '',
    text: email.text ?? '',
    html: email.html ?? null,
    attachments,
    original: parseOriginalHeader(header('x-tern-original')),
    unfinished: parseUnfinishedHeader(header('x-tern-unfinished')),
    notice: left > 0 ? `${left === 1 ? 'One attachment is' : `${left} attachments are`} too large to bring back into the draft.` : null,
  };
}
