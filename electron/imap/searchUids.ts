/** UID SEARCH: every UID in the selected mailbox, or those from `fromUid` on, ascending. */
import type { ImapClient } from './imapClient';

export async function searchUids(client: ImapClient, fromUid = 1): Promise<number[]> {
  const query = fromUid <= 1 ? { all: true } : { uid: `${fromUid}:*` };
  const found = await client.search(query, { uid: true });
  // `n:*` returns the highest existing UID even when it is below n: keep only what was asked for.
  return (Array.isArray(found) ? found : []).filter((uid) => uid >= fromUid).sort((a, b) => a - b);
}
