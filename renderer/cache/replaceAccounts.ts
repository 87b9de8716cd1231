/** Keeps the cached account list equal to main's, deleting everything cached for an account that was removed. */
import type { AccountSummary } from '../../shared/contract/accounts';
import Dexie from 'dexie';
import { accountMessages, type TernDb } from './db';

export async function replaceAccounts(db: TernDb, accounts: AccountSummary[]): Promise<void> {
  await db.transaction('rw', [db.accounts, db.mailboxes, db.messages, db.bodies, db.cursors], async () => {
    const keep = new Set(accounts.map((account) => account.id));
    const removed = (await db.accounts.toCollection().primaryKeys()).filter((id) => !keep.has(id));
    for (const accountId of removed) {
      await db.mailboxes.where('accountId').equals(accountId).delete();
      await accountMessages(db, accountId).delete();
      for (const table of [db.bodies, db.cursors]) {
        await table.where('[accountId+path]').between([accountId, Dexie.minKey], [accountId, Dexie.maxKey]).delete();
      }
    }
    await db.accounts.bulkDelete(removed);
    await db.accounts.bulkPut(accounts);
  });
}
