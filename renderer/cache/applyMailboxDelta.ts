/**
 * Stores one delta from main: rows, flag changes, removals and (on the last batch) the cursor, in a single
 * transaction. Applying the same delta twice leaves the cache as it was after the first time. Resolves with the
 * cursor the folder had before, when the delta brought rows into a folder that had one (how new mail is told
 * from a first sync), read in the same transaction: one transaction per delta, not two.
 */
import type { MailboxCursor, MailboxDelta } from '../../shared/contract/sync';
import { parseUidSet } from '../../shared/domain/uidSet';
import { folderMessages, type TernDb } from './db';
import { reapplyQueuedActions } from './localActions';

export async function applyMailboxDelta(db: TernDb, delta: MailboxDelta): Promise<MailboxCursor | undefined> {
  const { accountId, path } = delta;

  return db.transaction('rw', [db.messages, db.bodies, db.cursors, db.pendingOps], async () => {
    // The two reads are issued with the writes, not awaited before them: IndexedDB runs a transaction's requests
    // in order, and each await is a round trip between this thread and its backend while nothing is written.
    const before = delta.reset || delta.upserts.length === 0 ? undefined : db.cursors.get([accountId, path]);
    const queued = db.pendingOps.where('accountId').equals(accountId).toArray();
    if (delta.reset) {
      await folderMessages(db, accountId, path).delete();
      await db.bodies.where('[accountId+path]').equals([accountId, path]).delete();
      await db.cursors.delete([accountId, path]);
    }
    if (delta.upserts.length > 0) {
      await db.messages.bulkPut(delta.upserts.map((header) => ({ ...header, accountId, path })));
    }
    if (delta.flagUpdates.length > 0) {
      await db.messages.bulkUpdate(delta.flagUpdates.map(({ uid, flags }) => ({ key: [accountId, path, uid] as [string, string, number], changes: { flags } })));
    }
    const gone = [...delta.vanished];
    if (delta.present) {
      const present = parseUidSet(delta.present.uids);
      if (present) {
        const keys = await db.messages
          .where('[accountId+path+uid]')
          .between([accountId, path, 0], [accountId, path, delta.present.below], true, false)
          .primaryKeys();
        for (const key of keys) if (!present.has(key[2])) gone.push(key[2]);
      }
    }
    if (gone.length > 0) {
      const keys = gone.map((uid) => [accountId, path, uid] as [string, string, number]);
      await db.messages.bulkDelete(keys);
      await db.bodies.bulkDelete(keys);
    }
    if (delta.cursor) await db.cursors.put({ ...delta.cursor, accountId, path });
    // The user's queued actions win over the server's (older) view until they have reached the server.
    await reapplyQueuedActions(db, accountId, path, queued);
    return await before;
  });
}
