/**
 * One attachment of a raw message, by its position in the reader's list (the order postal-mime gives, as
 * parseMessage lists them), with a name that is safe to save under. Refused above MAX_ATTACHMENT_BYTES: it
 * travels to the renderer in one piece, base64-encoded.
 */
import PostalMime from 'postal-mime';
import { TernError } from '../../shared/contract/errors';
import { safeFilename } from '../../shared/domain/safeFilename';

export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;
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

/** The raw bytes of one attachment, with its safe name and declared type (for saving, or an attached message). */
export async function attachmentBytes(source: Uint8Array, index: number): Promise<{ filename: string; mimeType: string; bytes: Buffer }> {
  let attachments;
  try {
    attachments = (await PostalMime.parse(source, { maxNestingDepth: 100, attachmentEncoding: 'arraybuffer' })).attachments;
  } catch (error) {
    throw new TernError('NOT_FOUND', `Tern could not decode this message's attachments (${(error as Error).message.slice(0, 120)}).`);
  }
  const attachment = index < MAX_LISTED ? attachments[index] : undefined;
  if (!attachment) throw new TernError('NOT_FOUND', 'This attachment is not in the message any more.');
  const bytes = bytesOf(attachment.content);
  if (bytes.byteLength > MAX_ATTACHMENT_BYTES) {
    throw new TernError('MESSAGE_TOO_LARGE', `This attachment is ${Math.round(bytes.byteLength / 1048576)} MB, more than Tern saves or opens (${MAX_ATTACHMENT_BYTES / 1048576} MB).`);
  }
  return { filename: safeFilename(attachment.filename), mimeType: attachment.mimeType || 'application/octet-stream', bytes };
}
