/**
 * Saving or opening an attachment: the MIME worker decodes it and writes it to a file itself, so the decoded
 * bytes never cross to the engine's thread or the window. What comes back is the name, the type, the size and
 * the first bytes (for the "this is a program" warning, which goes by content before extension).
 *
 * This is the whole-message way: postal-mime decodes the message in memory (source and every attachment).
 * The worker uses it for a source given as bytes, and as the fallback of writeAttachmentFromFile, which
 * streams the part from the message file instead.
 */
import { writeFile } from 'node:fs/promises';
import { attachmentBytes } from './extractAttachment';
import { MAX_MESSAGE_BYTES } from './messageLimits';

/** Enough for every signature executableByContent knows. */
export const HEAD_BYTES = 64;

export interface WrittenAttachment {
  filename: string;
  mimeType: string;
  size: number;
  head: Uint8Array;
  /** Decoded from the message file as a stream (writeAttachmentFromFile), not from the message parsed whole. */
  streamed?: boolean;
}

/** Writes attachment `index` of `source` to `target`, which must not exist yet (created 0600). */
export async function writeAttachment(source: Uint8Array, index: number, target: string): Promise<WrittenAttachment> {
  const { filename, mimeType, bytes } = await attachmentBytes(source, index, MAX_MESSAGE_BYTES);
  await writeFile(target, bytes, { flag: 'wx', mode: 0o600 });
  return { filename, mimeType, size: bytes.byteLength, head: new Uint8Array(bytes.subarray(0, HEAD_BYTES)), streamed: false };
}
