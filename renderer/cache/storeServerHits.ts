/**
 * Messages a server search found that the cache did not hold are stored like any synced header, so they
 * open in the reader and stay browsable offline. Only while the folder's UIDVALIDITY is the one they were
 * found under (or the folder was never synced, whose first sync starts by clearing it anyway): a stale UID
 * must never be stored under a new UIDVALIDITY.
 */
import type { ServerSearchResult } from '../../shared/contract/search';
import type { TernDb } from './db';
import { reapplyQueuedActions } from './localActions';

export async function storeServerHits(db: TernDb, result: ServerSearchResult): Promise<boolean> {
  const { accountId, path } = result;
  return db.transaction('rw', [db.messages, db.cursors, db.pendingOps], async () => {
    const cursor = await db.cursors.get([accountId, path]);
    if (cursor && cursor.uidValidity !== result.uidValidity) return false;
    const known = new Set((await db.messages.bulkGet(result.headers.map((header) => [accountId, path, header.uid] as [string, string, number]))).map((row) => row?.uid));
    // Rows already cached are the sync's to update; only the missing ones are added.
    const missing = result.headers.filter((header) => !known.has(header.uid));
    if (missing.length === 0) return true;
    await db.messages.bulkPut(missing.map((header) => ({ ...header, accountId, path })));
    await reapplyQueuedActions(db, accountId, path);
    return true;
  });
}
