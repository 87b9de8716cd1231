/** Stores an account's folder list as the server just reported it (folders gone elsewhere disappear here). */
import type { MailboxInfo } from '../../shared/contract/mailboxes';
import { folderMessages, type TernDb } from './db';

export async function replaceMailboxes(db: TernDb, accountId: string, mailboxes: MailboxInfo[]): Promise<void> {
  await db.transaction('rw', db.mailboxes, db.messages, db.bodies, db.cursors, async () => {
    const current = new Set(mailboxes.map((mailbox) => mailbox.path));
    const stale = (await db.mailboxes.where('accountId').equals(accountId).primaryKeys()).filter(([, path]) => !current.has(path));
    for (const [, path] of stale) {
      await folderMessages(db, accountId, path).delete();
      await db.bodies.where('[accountId+path]').equals([accountId, path]).delete();
      await db.cursors.delete([accountId, path]);
    }
    await db.mailboxes.bulkDelete(stale);
    await db.mailboxes.bulkPut(mailboxes);
  });
}
