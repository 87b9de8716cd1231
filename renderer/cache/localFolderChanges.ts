/**
 * What a folder change does to the cache, applied the moment the user acts and again over every folder list
 * the server sends while the change is still queued (so the server's older list never brings a renamed or
 * deleted folder back, nor drops one created offline). A rename carries the folder's cached mail, bodies and
 * sync cursor to the new name (servers keep UIDVALIDITY across RENAME; if one does not, the next sync sees a
 * new UIDVALIDITY and rebuilds). A deletion drops the folder's cached mail at once: the server still has it
 * until the deletion reaches it, so a refused deletion loses nothing (the folder comes back with the next list).
 */
import type { FolderChange } from '../../shared/contract/folders';
import type { MailboxInfo } from '../../shared/contract/mailboxes';
import { applyFolderChangeToList } from '../../shared/domain/folderChangeOnList';
import { folderMessages, type TernDb } from './db';

export interface QueuedFolderChange {
  folder: FolderChange;
  /** Cached folders the change gave another path ([old, new]), to put back if the server refuses it. */
  renamed: [string, string][];
}

export function isQueuedFolderChange(op: unknown): op is QueuedFolderChange {
  return typeof op === 'object' && op !== null && 'folder' in op;
}

/** The server's list with every still-queued folder change of the account applied, in the order they were made. */
export async function withQueuedFolderChanges(db: TernDb, accountId: string, mailboxes: MailboxInfo[]): Promise<MailboxInfo[]> {
  const pending = await db.pendingOps.where('accountId').equals(accountId).sortBy('id');
  let list = mailboxes;
  for (const row of pending) {
    if (row.state !== 'failed' && isQueuedFolderChange(row.op)) list = applyFolderChangeToList(list, row.op.folder).mailboxes;
  }
  return list;
}

/** Moves one folder's cached rows to a new path. Inside a transaction over messages, bodies and cursors. */
async function moveFolderRows(db: TernDb, accountId: string, from: string, to: string): Promise<void> {
  const messages = await folderMessages(db, accountId, from).toArray();
  await folderMessages(db, accountId, from).delete();
  await db.messages.bulkPut(messages.map((row) => ({ ...row, path: to })));
  const bodies = await db.bodies.where('[accountId+path]').equals([accountId, from]).toArray();
  await db.bodies.where('[accountId+path]').equals([accountId, from]).delete();
  await db.bodies.bulkPut(bodies.map((row) => ({ ...row, path: to })));
  const cursor = await db.cursors.get([accountId, from]);
  if (cursor) {
    await db.cursors.delete([accountId, from]);
    await db.cursors.put({ ...cursor, path: to });
  }
}

/** Drops one folder's cached rows. Inside a transaction over messages, bodies and cursors. */
export async function dropFolderRows(db: TernDb, accountId: string, path: string): Promise<void> {
  await folderMessages(db, accountId, path).delete();
  await db.bodies.where('[accountId+path]').equals([accountId, path]).delete();
  await db.cursors.delete([accountId, path]);
}

/** Shows the change in the cached folder tree. Inside a transaction over mailboxes, messages, bodies and cursors. */
export async function applyFolderChangeLocally(db: TernDb, change: FolderChange): Promise<[string, string][]> {
  const current = await db.mailboxes.where('accountId').equals(change.accountId).toArray();
  const { mailboxes, renamed } = applyFolderChangeToList(current, change);
  if (mailboxes === current) return [];
  const kept = new Set(mailboxes.map((m) => m.path));
  const gone = current.filter((m) => !kept.has(m.path)).map((m) => m.path);
  await db.mailboxes.bulkDelete(gone.map((path) => [change.accountId, path] as [string, string]));
  await db.mailboxes.bulkPut(mailboxes);
  for (const [from, to] of renamed) await moveFolderRows(db, change.accountId, from, to);
  if (change.kind === 'delete') await dropFolderRows(db, change.accountId, change.path);
  return renamed;
}

/** Undoes a rename in the cache (the server refused it): the cached mail goes back under the old names. */
export async function revertRenameLocally(db: TernDb, queued: QueuedFolderChange): Promise<void> {
  for (const [from, to] of queued.renamed) await moveFolderRows(db, queued.folder.accountId, to, from);
}
