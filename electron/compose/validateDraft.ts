/** Checks a draft that crossed the contract: the same rules as a message to send, except that it may have no recipient. */
import type { DraftMessage } from '../../shared/contract/drafts';
import { TernError } from '../../shared/contract/errors';
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
    },
    attachments: attachments(raw.attachments),
  };
}
