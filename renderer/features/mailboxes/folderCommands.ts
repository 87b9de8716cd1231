/**
 * Folder management verbs for the tree: ask the user, then queue the change (see renderer/state/actionQueue.ts).
 * The tree shows it at once and the server gets it now, or when the account is back online, in order with the
 * message actions made around it.
 */
import type { FolderChange } from '../../../shared/contract/folders';
import type { MailboxInfo } from '../../../shared/contract/mailboxes';
import { renameTarget } from '../../../shared/domain/folderChangeOnList';
import { isWithinFolder } from '../../../shared/domain/folderNames';
import { folderMessages } from '../../cache/db';
import { isQueuedAction } from '../../cache/localActions';
import type { MailSession } from '../../state/mailSession';
import { preferences } from '../../state/preferences';

export interface Ask {
  prompt(question: string, initial?: string): string | null;
  confirm(question: string): boolean;
}

/** Queues the change; false when it was refused at once (the reason is shown). */
async function queue(session: MailSession, change: FolderChange): Promise<boolean> {
  try {
    await session.changeFolder(change);
    return true;
  } catch (error) {
    session.reportError(error);
    return false;
  }
}

const isOnline = (session: MailSession, accountId: string) => {
  const status = session.getStatus();
  return status.connected && ['online', 'limited'].includes(status.accounts[accountId]?.state ?? 'online');
};

export async function newFolder(session: MailSession, ask: Ask, accountId: string, parent: MailboxInfo | null) {
  const name = ask.prompt(parent ? `New folder inside “${parent.name}”:` : 'New folder name:');
  if (!name?.trim()) return;
  await queue(session, { kind: 'create', accountId, parentPath: parent?.path ?? null, name });
}

/**
 * Renames (or moves) a folder; it stays kept for offline use under its new name (and so do its subfolders).
 * Resolves with the folder's new path, or null when nothing was queued.
 */
async function renameKeepingPreferences(session: MailSession, change: Extract<FolderChange, { kind: 'rename' }>, mailbox: MailboxInfo): Promise<string | null> {
  const mailboxes = await session.db.mailboxes.where('accountId').equals(mailbox.accountId).toArray();
  const target = renameTarget(mailboxes, change);
  if (!(await queue(session, change)) || target === null) return null;
  const prefix = `${mailbox.accountId}\u0000`;
  const offline = preferences().get().offlineFolders;
  const moved = offline.map((key) => {
    const path = key.startsWith(prefix) ? key.slice(prefix.length) : null;
    return path !== null && isWithinFolder(path, mailbox.path, mailbox.delimiter) ? prefix + target + path.slice(mailbox.path.length) : key;
  });
  if (moved.some((key, i) => key !== offline[i])) preferences().set({ offlineFolders: moved });
  return target;
}

export async function renameFolder(session: MailSession, ask: Ask, mailbox: MailboxInfo): Promise<string | null> {
  const name = ask.prompt(`Rename “${mailbox.name}” to:`, mailbox.name);
  if (!name?.trim() || name === mailbox.name) return null;
  return renameKeepingPreferences(session, { kind: 'rename', accountId: mailbox.accountId, path: mailbox.path, newParentPath: mailbox.parentPath, newName: name }, mailbox);
}

/**
 * How many messages go with a folder: what the server last reported or what is cached, whichever is more, plus
 * messages the user has moved into it that are still queued. The server refuses the deletion if it holds more
 * by the time the deletion reaches it.
 */
export async function messagesGoingWith(session: MailSession, mailbox: MailboxInfo): Promise<number> {
  const cached = await folderMessages(session.db, mailbox.accountId, mailbox.path).count();
  const queued = await session.db.pendingOps.where('accountId').equals(mailbox.accountId).toArray();
  const movingIn = queued.reduce((sum, row) => sum + (row.state !== 'failed' && isQueuedAction(row.op) && row.op.action.kind === 'move' && row.op.action.target === mailbox.path ? row.op.action.uids.length : 0), 0);
  return Math.max(mailbox.messages ?? 0, cached) + movingIn;
}

/** Asks, then queues the deletion; true when it was queued. */
export async function deleteFolder(session: MailSession, ask: Ask, mailbox: MailboxInfo): Promise<boolean> {
  const count = await messagesGoingWith(session, mailbox);
  const messages = `${count.toLocaleString()} message${count === 1 ? '' : 's'}`;
  const what = isOnline(session, mailbox.accountId)
    ? count === 0 ? 'It is empty.' : `The ${messages} in it will be deleted too.`
    : `You are offline: it disappears here now and is deleted on the server when the account is back. ${count === 0 ? 'It held no messages when last seen.' : `The ${messages} it held when last seen will be deleted too.`} If it holds more by then, it is not deleted.`;
  if (!ask.confirm(`Delete the folder “${mailbox.name}” on the server? ${what} This cannot be undone.`)) return false;
  return queue(session, { kind: 'delete', accountId: mailbox.accountId, path: mailbox.path, messagesAgreed: count });
}

export async function toggleSubscribed(session: MailSession, mailbox: MailboxInfo) {
  await queue(session, { kind: 'subscribe', accountId: mailbox.accountId, path: mailbox.path, subscribed: !mailbox.subscribed });
}

/** Whether `target` is `folder` itself or inside it (a folder cannot move into its own subtree). */
export function isWithin(target: MailboxInfo, folder: MailboxInfo): boolean {
  return isWithinFolder(target.path, folder.path, folder.delimiter);
}

/** Moves a folder under another parent (null: the top level), keeping its name; asks first. */
export async function moveFolder(session: MailSession, ask: Ask, mailbox: MailboxInfo, parent: MailboxInfo | null): Promise<string | null> {
  if (mailbox.specialUse !== null || (parent && (isWithin(parent, mailbox) || parent.accountId !== mailbox.accountId))) return null;
  if ((parent?.path ?? null) === mailbox.parentPath) return null;
  if (!ask.confirm(parent ? `Move the folder “${mailbox.name}” into “${parent.name}”?` : `Move the folder “${mailbox.name}” to the top level?`)) return null;
  return renameKeepingPreferences(session, { kind: 'rename', accountId: mailbox.accountId, path: mailbox.path, newParentPath: parent?.path ?? null, newName: mailbox.name }, mailbox);
}

/** Keeps a folder for offline use (synced and read ahead without being opened), or stops doing so. */
export async function toggleOffline(session: MailSession, mailbox: MailboxInfo) {
  const key = `${mailbox.accountId}\u0000${mailbox.path}`;
  const current = preferences().get().offlineFolders;
  const on = !current.includes(key);
  preferences().set({ offlineFolders: on ? [...current, key] : current.filter((entry) => entry !== key) });
  if (on && mailbox.selectable) await session.syncMailbox(mailbox.accountId, mailbox.path);
}
