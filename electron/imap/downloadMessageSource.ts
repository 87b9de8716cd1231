/**
 * One message's raw source by UID, streamed into a file instead of held in memory: imapflow's download()
 * asks for the message in partial FETCHes (BODY.PEEK[]<offset.length>, so it is never marked read), each an
 * ordinary command under the per-command limits. Refused before any byte of the body when RFC822.SIZE is
 * over the limit, and cut off if a server sends more than it announced.
 */
import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TernError } from '../../shared/contract/errors';
import { formatSize } from '../../shared/domain/formatSize';
import { MAX_MESSAGE_BYTES } from '../mime/messageLimits';
import type { ImapClient } from './imapClient';

/** Large enough that a 64 MB message takes 64 round trips, small enough to stay far under a command's budget. */
const CHUNK_BYTES = 1024 * 1024;

const gone = () => new TernError('NOT_FOUND', 'This message is no longer on the server (it was moved or deleted elsewhere).');

export function tooLargeToOpen(size: number): TernError {
  return new TernError('MESSAGE_TOO_LARGE', `This message is ${formatSize(size)}, more than Tern opens (${formatSize(MAX_MESSAGE_BYTES)}).`);
}

/** Writes the message to `file` (mode 0600) and resolves with its size in bytes; `tooLarge` says why a bigger one is refused. */
export async function downloadMessageSource(client: ImapClient, uid: number, file: string, maxBytes = MAX_MESSAGE_BYTES, tooLarge: (size: number) => TernError = tooLargeToOpen): Promise<number> {
  const sized = await client.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
  if (!sized) throw gone();
  if ((sized.size ?? 0) > maxBytes) throw tooLarge(sized.size ?? 0);
  // One byte past the limit is asked for, so a server that lies about the size shows up below.
  const download = await client.download(String(uid), undefined, { uid: true, chunkSize: CHUNK_BYTES, maxBytes: maxBytes + 1 });
  if (!download.content) throw gone();
  let written = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      written += chunk.length;
      if (written > maxBytes) return done(new TernError('PROTOCOL_ERROR', `The server sent more than ${formatSize(maxBytes)} for a message it said was ${formatSize(sized.size ?? 0)}; Tern stopped reading it.`));
      done(null, chunk);
    },
  });
  await pipeline(download.content, limit, createWriteStream(file, { mode: 0o600 }));
  return written;
}
