/** Checks a draft that crossed the contract: the same rules as a message to send, except that it may have no recipient. */
import type { DraftMessage, UnfinishedAddresses } from '../../shared/contract/drafts';
import { TernError } from '../../shared/contract/errors';
import { MAX_UNFINISHED } from '../mime/parseDraft';
import type { OutgoingAttachmentBytes } from '../smtp/sendMessage';
import { attachments, draftId, htmlBody, identityId, MAX_RECIPIENTS, oneLineSubject, original, plainText, recipients } from './validateOutgoing';

export function validateDraft(value: unknown): { draft: DraftMessage; attachments: OutgoingAttachmentBytes[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TernError('INVALID_INPUT', 'The draft is missing.');
  const raw = value as Record<string, unknown>;
  const to = recipients(raw.to, 'To');
  const cc = recipients(raw.cc, 'Cc');
  const bcc = recipients(raw.bcc, 'Bcc');
  if (to.length + cc.length + bcc.length > MAX_RECIPIENTS) throw new TernError('INVALID_INPUT', `A message can go to at most ${MAX_RECIPIENTS} recipients.`);
  return {
    draft: {
      draftId: draftId(raw.draftId),
      identityId: identityId(raw.identityId),
      to,
      cc,
      bcc,
      subject: oneLineSubject(raw.subject),
      text: plainText(raw.text),
      html: htmlBody(raw.html),
      attachments: [],
      original: original(raw.original),
      unfinished: unfinished(raw.unfinished),
    },
    attachments: attachments(raw.attachments),
  };
}

/** Half-typed address text: kept as typed, on one line, up to MAX_UNFINISHED characters a field. */
function unfinished(value: unknown): UnfinishedAddresses | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw new TernError('INVALID_INPUT', 'The draft’s address fields are not valid.');
  const raw = value as Record<string, unknown>;
  const field = (text: unknown) => {
    if (text === undefined || text === '') return '';
    if (typeof text !== 'string' || text.length > MAX_UNFINISHED) throw new TernError('INVALID_INPUT', `An address field of the draft is not valid (at most ${MAX_UNFINISHED} characters).`);
    return text.replace(/[\r\n\0]+/g, ' ').trim();
  };
  const fields = { to: field(raw.to), cc: field(raw.cc), bcc: field(raw.bcc) };
  return fields.to || fields.cc || fields.bcc ? fields : null;
}
