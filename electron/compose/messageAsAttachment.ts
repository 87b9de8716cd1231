/**
 * A whole message as an attachment (message/rfc822), for "forward as attachment": its bytes exactly as the
 * server has them, named after its subject. Bounded like any attachment that crosses the contract.
 */
import PostalMime from 'postal-mime';
import type { AttachmentContent } from '../../shared/contract/api';
import { TernError } from '../../shared/contract/errors';
import { formatSize } from '../../shared/domain/formatSize';
import { MAX_ATTACHMENT_BYTES, safeFilename } from './validateOutgoing';

/** Refused before the source is read: a message over the outgoing attachment limit. */
export function checkAttachableSize(size: number): void {
  if (size > MAX_ATTACHMENT_BYTES) {
    throw new TernError('MESSAGE_TOO_LARGE', `This message is ${formatSize(size)}; at most ${formatSize(MAX_ATTACHMENT_BYTES)} can be attached.`);
  }
}

export async function messageAsAttachment(source: Buffer): Promise<AttachmentContent> {
  checkAttachableSize(source.length);
  const headerEnd = source.indexOf('\r\n\r\n');
  const header = headerEnd >= 0 ? source.subarray(0, headerEnd + 4) : source.subarray(0, 64 * 1024);
  const subject = await PostalMime.parse(header)
    .then((parsed) => parsed.subject?.trim() ?? '')
    .catch(() => '');
  const base = safeFilename(subject.replace(/[\\/:*?"<>|]+/g, ' ').slice(0, 100)) || 'message';
  return { filename: `${base === 'attachment' ? 'message' : base}.eml`, mimeType: 'message/rfc822', size: source.length, contentBase64: source.toString('base64') };
}
