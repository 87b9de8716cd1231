/**
 * Saving an attachment from the message file with bounded memory: scanMimeLayout finds the parts and a small
 * skeleton of the message, postal-mime picks attachment N from the skeleton (the same choice, name and type as
 * the reader's list, which postal-mime made from the whole message), and the part's body is decoded from the
 * file straight into the target as a stream. A message the scan is not sure of is parsed whole instead
 * (writeAttachment), as before: `streamed` says which way it went.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import PostalMime from 'postal-mime';
import { TernError } from '../../shared/contract/errors';
import { safeFilename } from '../../shared/domain/safeFilename';
import { MAX_MESSAGE_BYTES } from './messageLimits';
import { scanMimeLayout } from './scanMimeLayout';
import { transferDecoder } from './transferDecoders';
import { HEAD_BYTES, writeAttachment, type WrittenAttachment } from './writeAttachment';

/** parseMessage lists at most this many; an index past it was never shown. */
const MAX_LISTED = 500;
/** postal-mime rewrites these as text (calendar invitations): their bytes come from the whole parse. */
const REWRITTEN_TYPES = new Set(['text/calendar', 'application/ics']);

export interface FileWrittenAttachment extends WrittenAttachment {
  streamed: boolean;
  /** The bytes of source this job held in memory at once, at most (for the worker's retirement rule). */
  sourceBytesHeld: number;
}

function markerLeaf(content: ArrayBuffer | Uint8Array | string, nonce: string): number | null {
  const text = typeof content === 'string' ? content : Buffer.from(content instanceof Uint8Array ? content : new Uint8Array(content)).toString('latin1');
  const match = /^TERN-LEAF-([0-9a-f]+)-(\d+)\r?\n?$/.exec(text);
  return match && match[1] === nonce ? Number(match[2]) : null;
}

async function readHeadOf(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return new Uint8Array(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

async function parsedWhole(file: string, index: number, target: string, size: number): Promise<FileWrittenAttachment> {
  const written = await writeAttachment(await readFile(file), index, target);
  return { ...written, streamed: false, sourceBytesHeld: size };
}

export async function writeAttachmentFromFile(file: string, index: number, target: string): Promise<FileWrittenAttachment> {
  const handle = await open(file, 'r');
  const size = (await handle.stat()).size;
  await handle.close();
  if (size > MAX_MESSAGE_BYTES) throw new TernError('MESSAGE_TOO_LARGE', `This message is ${Math.round(size / 1048576)} MB, more than Tern opens (${MAX_MESSAGE_BYTES / 1048576} MB).`);

  const layout = await scanMimeLayout(file);
  if (!layout) return parsedWhole(file, index, target, size);
  let attachments;
  try {
    attachments = (await PostalMime.parse(layout.skeleton, { maxNestingDepth: 100, attachmentEncoding: 'arraybuffer' })).attachments;
  } catch {
    return parsedWhole(file, index, target, size);
  }
  const attachment = index < MAX_LISTED ? attachments[index] : undefined;
  if (!attachment) return parsedWhole(file, index, target, size);
  if (REWRITTEN_TYPES.has(attachment.mimeType)) return parsedWhole(file, index, target, size);
  const filename = safeFilename(attachment.filename);
  const mimeType = attachment.mimeType || 'application/octet-stream';
  const leafNumber = markerLeaf(attachment.content, layout.nonce);
  const leaf = leafNumber === null ? undefined : layout.leaves[leafNumber];
  const decoder = leaf ? transferDecoder(leaf.encoding) : null;
  // Not one of the marked parts (an empty one, kept as it was), or not the type this scan read for that part
  // (the two readings of the tree differ): rare enough to let the whole parse answer.
  if (!leaf || !decoder || leaf.contentType !== attachment.mimeType) return parsedWhole(file, index, target, size);
  let written = 0;
  try {
    const counter = async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        written += chunk.length;
        yield chunk;
      }
    };
    // A leaf with content has at least one byte (the scan marks only those).
    const body = createReadStream(file, { start: leaf.bodyStart, end: leaf.bodyEnd - 1, highWaterMark: 256 * 1024 });
    await pipeline(body, decoder, counter, createWriteStream(target, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') await unlink(target).catch(() => undefined);
    throw error;
  }
  return { filename, mimeType, size: written, head: await readHeadOf(target), streamed: true, sourceBytesHeld: layout.skeleton.length };
}
