/**
 * Stores an account's folder list as the server just reported it (folders gone elsewhere disappear here), with
 * the user's still-queued folder changes on top: the server has not seen them yet, and they win until it has.
 */
import type { MailboxInfo } from '../../shared/contract/mailboxes';
import type { TernDb } from './db';
import { dropFolderRows, withQueuedFolderChanges } from './localFolderChanges';

export async function replaceMailboxes(db: TernDb, accountId: string, serverMailboxes: MailboxInfo[]): Promise<void> {
  await db.transaction('rw', [db.mailboxes, db.messages, db.bodies, db.cursors, db.pendingOps], async () => {
    const mailboxes = await withQueuedFolderChanges(db, accountId, serverMailboxes);
    const current = new Set(mailboxes.map((mailbox) => mailbox.path));
    const stale = (await db.mailboxes.where('accountId').equals(accountId).primaryKeys()).filter(([, path]) => !current.has(path));
    for (const [, path] of stale) await dropFolderRows(db, accountId, path);
    await db.mailboxes.bulkDelete(stale);
    await db.mailboxes.bulkPut(mailboxes);
  });
}
