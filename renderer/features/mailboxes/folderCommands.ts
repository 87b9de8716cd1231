/** Folder management verbs for the tree: ask the user, call main, store the folder list it returns. */
import type { MailboxInfo } from '../../../shared/contract/mailboxes';
import { replaceMailboxes } from '../../cache/replaceMailboxes';
import type { MailSession } from '../../state/mailSession';
import { preferences } from '../../state/preferences';

export interface Ask {
  prompt(question: string, initial?: string): string | null;
  confirm(question: string): boolean;
}

async function store(session: MailSession, accountId: string, list: Promise<MailboxInfo[]>) {
  try {
    await replaceMailboxes(session.db, accountId, await list);
  } catch (error) {
    session.reportError(error);
  }
}

export async function newFolder(session: MailSession, ask: Ask, accountId: string, parent: MailboxInfo | null) {
  const name = ask.prompt(parent ? `New folder inside “${parent.name}”:` : 'New folder name:');
  if (!name?.trim()) return;
  await store(session, accountId, session.client.api.createMailbox({ accountId, parentPath: parent?.path ?? null, name }));
}

export async function renameFolder(session: MailSession, ask: Ask, mailbox: MailboxInfo) {
  const name = ask.prompt(`Rename “${mailbox.name}” to:`, mailbox.name);
  if (!name?.trim() || name === mailbox.name) return;
  await store(session, mailbox.accountId, session.client.api.renameMailbox({ accountId: mailbox.accountId, path: mailbox.path, newParentPath: mailbox.parentPath, newName: name }));
}

export async function deleteFolder(session: MailSession, ask: Ask, mailbox: MailboxInfo) {
  const count = mailbox.messages ?? 0;
  const what = count === 0 ? 'It is empty.' : `The ${count.toLocaleString()} message${count === 1 ? '' : 's'} in it will be deleted too.`;
  if (!ask.confirm(`Delete the folder “${mailbox.name}” on the server? ${what} This cannot be undone.`)) return;
  await store(session, mailbox.accountId, session.client.api.deleteMailbox({ accountId: mailbox.accountId, path: mailbox.path }));
}

export async function toggleSubscribed(session: MailSession, mailbox: MailboxInfo) {
  await store(session, mailbox.accountId, session.client.api.setMailboxSubscribed({ accountId: mailbox.accountId, path: mailbox.path, subscribed: !mailbox.subscribed }));
}

/** Whether `target` is `folder` itself or inside it (a folder cannot move into its own subtree). */
export function isWithin(target: MailboxInfo, folder: MailboxInfo): boolean {
  return target.path === folder.path || (folder.delimiter !== null && target.path.startsWith(folder.path + folder.delimiter));
}

/** Moves a folder under another parent (null: the top level), keeping its name; asks first. */
export async function moveFolder(session: MailSession, ask: Ask, mailbox: MailboxInfo, parent: MailboxInfo | null) {
  if (mailbox.specialUse !== null || (parent && (isWithin(parent, mailbox) || parent.accountId !== mailbox.accountId))) return;
  if ((parent?.path ?? null) === mailbox.parentPath) return;
  if (!ask.confirm(parent ? `Move the folder “${mailbox.name}” into “${parent.name}”?` : `Move the folder “${mailbox.name}” to the top level?`)) return;
  await store(session, mailbox.accountId, session.client.api.renameMailbox({ accountId: mailbox.accountId, path: mailbox.path, newParentPath: parent?.path ?? null, newName: mailbox.name }));
}

/** Keeps a folder for offline use (synced and read ahead without being opened), or stops doing so. */
export async function toggleOffline(session: MailSession, mailbox: MailboxInfo) {
  const key = `${mailbox.accountId}\u0000${mailbox.path}`;
  const current = preferences().get().offlineFolders;
  const on = !current.includes(key);
  preferences().set({ offlineFolders: on ? [...current, key] : current.filter((entry) => entry !== key) });
  if (on && mailbox.selectable) await session.syncMailbox(mailbox.accountId, mailbox.path);
}
