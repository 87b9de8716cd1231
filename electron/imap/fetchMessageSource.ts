/** The raw source of one message by UID, refused before download when it is larger than we will parse. */
import { TernError } from '../../shared/contract/errors';
import { withCommandLimits } from './commandLimits';
import type { ImapClient } from './imapClient';
import { MAX_MESSAGE_BYTES } from '../mime/messageLimits';

export { MAX_MESSAGE_BYTES };

export async function fetchMessageSource(client: ImapClient, uid: number): Promise<Buffer> {
  const sized = await client.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
  if (!sized) throw new TernError('NOT_FOUND', 'This message is no longer on the server (it was moved or deleted elsewhere).');
  if ((sized.size ?? 0) > MAX_MESSAGE_BYTES) {
    throw new TernError('MESSAGE_TOO_LARGE', `This message is ${Math.round((sized.size ?? 0) / 1048576)} MB, more than Tern opens (${MAX_MESSAGE_BYTES / 1048576} MB).`);
  }
  // The body may be larger than an ordinary command's budget; a server that lies about the size is still
  // cut at the literal limit.
  const message = await withCommandLimits(client, { maxBytes: MAX_MESSAGE_BYTES + 2 * 1024 * 1024 }, () => client.fetchOne(String(uid), { uid: true, source: true }, { uid: true }));
  if (!message || !message.source) throw new TernError('NOT_FOUND', 'This message is no longer on the server (it was moved or deleted elsewhere).');
  return message.source;
}
