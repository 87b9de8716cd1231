/** Keeps the cached account list equal to main's, deleting everything cached for an account that was removed. */
import type { AccountSummary } from '../../shared/contract/accounts';
import type { TernDb } from './db';
import { forgetAccountMail } from './forgetAccountMail';

export async function replaceAccounts(db: TernDb, accounts: AccountSummary[]): Promise<void> {
  await db.transaction('rw', [db.accounts, db.mailboxes, db.messages, db.bodies, db.cursors, db.pendingOps, db.outbox, db.drafts], async () => {
    const keep = new Set(accounts.map((account) => account.id));
    const removed = (await db.accounts.toCollection().primaryKeys()).filter((id) => !keep.has(id));
    for (const accountId of removed) {
      await forgetAccountMail(db, accountId);
      // Unsent mail of a removed account has no server to go to any more.
      await db.outbox.where('accountId').equals(accountId).delete();
      await db.drafts.where('accountId').equals(accountId).delete();
    }
    await db.accounts.bulkDelete(removed);
    await db.accounts.bulkPut(accounts);
  });
}
