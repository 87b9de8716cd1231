/**
 * One attachment of a raw message, by its position in the reader's list (the order postal-mime gives, as
 * parseMessage lists them), with a name that is safe to save under. `extractAttachment` is for previews:
 * the bytes travel to the renderer in one piece, base64-encoded, so it refuses above MAX_ATTACHMENT_BYTES.
 * Saving and opening go through writeAttachment instead, which has no limit of its own below the message's.
 */
import PostalMime from 'postal-mime';
import { MAX_PREVIEW_BYTES } from '../../shared/contract/attachments';
import { TernError } from '../../shared/contract/errors';
import { safeFilename } from '../../shared/domain/safeFilename';

export const MAX_ATTACHMENT_BYTES = MAX_PREVIEW_BYTES;
/** parseMessage lists at most this many; an index past it was never shown. */
const MAX_LISTED = 500;

export interface ExtractedAttachment {
  filename: string;
  mimeType: string;
  size: number;
  contentBase64: string;
}

function bytesOf(content: ArrayBuffer | Uint8Array | string): Buffer {
  if (typeof content === 'string') return Buffer.from(content, 'binary');
  return content instanceof Uint8Array ? Buffer.from(content.buffer, content.byteOffset, content.byteLength) : Buffer.from(content);
}

export async function extractAttachment(source: Uint8Array, index: number): Promise<ExtractedAttachment> {
  const { filename, mimeType, bytes } = await attachmentBytes(source, index);
  return { filename, mimeType, size: bytes.byteLength, contentBase64: bytes.toString('base64') };
}

/**
 * The raw bytes of one attachment, with its safe name and declared type (for a preview, an attached message,
 * or writing to a file). Refused above `maxBytes` (MAX_ATTACHMENT_BYTES unless the caller says otherwise).
 */
export async function attachmentBytes(source: Uint8Array, index: number, maxBytes = MAX_ATTACHMENT_BYTES): Promise<{ filename: string; mimeType: string; bytes: Buffer }> {
  let attachments;
  try {
    attachments = (await PostalMime.parse(source, { maxNestingDepth: 100, attachmentEncoding: 'arraybuffer' })).attachments;
  } catch (error) {
    throw new TernError('NOT_FOUND', `Tern could not decode this message's attachments (${(error as Error).message.slice(0, 120)}).`);
  }
  const attachment = index < MAX_LISTED ? attachments[index] : undefined;
  if (!attachment) throw new TernError('NOT_FOUND', 'This attachment is not in the message any more.');
  const bytes = bytesOf(attachment.content);
  if (bytes.byteLength > maxBytes) {
    throw new TernError('MESSAGE_TOO_LARGE', `This attachment is ${Math.round(bytes.byteLength / 1048576)} MB, more than Tern shows in the app (${Math.round(maxBytes / 1048576)} MB). Save it to look at it.`);
  }
  return { filename: safeFilename(attachment.filename), mimeType: attachment.mimeType || 'application/octet-stream', bytes };
}
