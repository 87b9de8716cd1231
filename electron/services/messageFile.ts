/**
 * "Save as file" for a whole message: its source exactly as the server has it (headers, every part, every
 * attachment), streamed into a file and named after its subject, ready to be delivered like an attachment.
 * Any size a server stores, far above what Tern opens: a message too large to open is kept this way.
 */
import { open } from 'node:fs/promises';
import { TernError } from '../../shared/contract/errors';
import { formatSize } from '../../shared/domain/formatSize';
import { safeFilename } from '../../shared/domain/safeFilename';
import { downloadMessageSource } from '../imap/downloadMessageSource';
import type { ImapClient } from '../imap/imapClient';
import { listHeaderFields } from '../imap/listHeaderFields';
import type { WrittenAttachment } from '../mime/writeAttachment';

/** RFC822.SIZE is a 32-bit number; 2 GB is beyond any mail service's own limit, and still a bound on the disk. */
export const MAX_SAVED_MESSAGE_BYTES = 2 * 1024 ** 3;
/** Enough to hold any sane header block (the subject names the file) and to recognise a program by its bytes. */
const HEAD_BYTES = 64 * 1024;

function tooLargeToSave(size: number): TernError {
  return new TernError('MESSAGE_TOO_LARGE', `This message is ${formatSize(size)}, more than Tern saves (${formatSize(MAX_SAVED_MESSAGE_BYTES)}).`);
}

async function headOf(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Downloads message `uid` of the selected folder into `target` (created 0600). */
export async function writeMessageFile(client: ImapClient, uid: number, target: string): Promise<WrittenAttachment> {
  const size = await downloadMessageSource(client, uid, target, MAX_SAVED_MESSAGE_BYTES, tooLargeToSave);
  const head = await headOf(target);
  // A subject is not a path: "Q1/Q2 figures" names "Q1-Q2 figures.eml", not "Q2 figures.eml".
  const subject = listHeaderFields(head).subject.replace(/[/\\]/g, '-').trim();
  return { filename: safeFilename(`${subject || 'message'}.eml`), mimeType: 'message/rfc822', size, head, streamed: true };
}
