/**
 * Deletes what this computer cached for one account: folders, messages, bodies, cursors and the actions still
 * waiting for its server. Used when the account is removed, and when its settings now point at another
 * mailbox (another server or user), whose UIDs would not match the old cache.
 */
import Dexie from 'dexie';
import { accountMessages, type TernDb } from './db';

export async function forgetAccountMail(db: TernDb, accountId: string): Promise<void> {
  await db.transaction('rw', [db.mailboxes, db.messages, db.bodies, db.cursors, db.pendingOps], async () => {
    await db.mailboxes.where('accountId').equals(accountId).delete();
    await accountMessages(db, accountId).delete();
    for (const table of [db.bodies, db.cursors]) {
      await table.where('[accountId+path]').between([accountId, Dexie.minKey], [accountId, Dexie.maxKey]).delete();
    }
    await db.pendingOps.where('accountId').equals(accountId).delete();
  });
}
