/** UID SEARCH: every UID in the selected mailbox, or those from `fromUid` on, ascending. */
import { TernError } from '../../shared/contract/errors';
import type { ImapClient } from './imapClient';

const MAX_UID = 4294967295;

export async function searchUids(client: ImapClient, fromUid = 1): Promise<number[]> {
  const query = fromUid <= 1 ? { all: true } : { uid: `${fromUid}:*` };
  const found = await client.search(query, { uid: true });
  // imapflow answers a refused SEARCH with `false`. Read as "no messages", it would empty the cached folder
  // (the UID diff removes every message the server did not name).
  if (!Array.isArray(found)) {
    throw new TernError('PROTOCOL_ERROR', 'The server refused to list the messages of this folder (UID SEARCH). Tern kept what it has and will try again.');
  }
  // `n:*` returns the highest existing UID even when it is below n: keep only what was asked for (and only
  // what a UID can be).
  return [...new Set(found)].filter((uid) => Number.isSafeInteger(uid) && uid >= fromUid && uid <= MAX_UID).sort((a, b) => a - b);
}
