/**
 * The verbs of the message toolbar and shortcuts, in terms of actions: archive goes to the account's \Archive
 * folder, delete to \Trash (and from Trash, after confirmation, for good), read/flag toggle one flag only.
 */
import type { MessageAction } from '../../../shared/contract/actions';
import { TernError } from '../../../shared/contract/errors';
import type { SpecialUse } from '../../../shared/contract/mailboxes';
import type { MailSession } from '../../state/mailSession';
import type { MailboxSelection } from '../mailboxes/FolderTree';

export interface Selection extends MailboxSelection {
  uids: number[];
}

async function base(session: MailSession, selection: Selection) {
  const cursor = await session.db.cursors.get([selection.accountId, selection.path]);
  if (!cursor) throw new TernError('NOT_FOUND', 'This folder is still syncing; try again in a moment.');
  const action = { accountId: selection.accountId, path: selection.path, uidValidity: cursor.uidValidity, uids: selection.uids };
  if (selection.uids.length > FOLLOW_LIMIT) return action;
  // Message-IDs let main follow a message another device moved meanwhile (see electron/actions/).
  const rows = await session.db.messages.bulkGet(selection.uids.map((uid) => [selection.accountId, selection.path, uid] as [string, string, number]));
  return { ...action, messageIds: rows.map((row) => row?.messageId ?? null) };
}

/** Bigger selections (select all) go without Message-IDs: following is for the odd message, not a folder. */
const FOLLOW_LIMIT = 500;

async function specialFolder(session: MailSession, accountId: string, use: SpecialUse): Promise<string | null> {
  const mailboxes = await session.db.mailboxes.where('accountId').equals(accountId).toArray();
  return mailboxes.find((mailbox) => mailbox.specialUse === use)?.path ?? null;
}

function describe(action: MessageAction, count: number): string | null {
  const what = count === 1 ? '1 message' : `${count} messages`;
  switch (action.kind) {
    case 'setFlags':
      if (action.add.includes('\\Flagged')) return `Flagged ${what}`;
      if (action.remove.includes('\\Flagged')) return `Unflagged ${what}`;
      if (action.remove.includes('\\Seen')) return `Marked ${what} unread`;
      return null; // marking read happens on every open: no toast for it
    case 'move':
      return `Moved ${what} to ${action.target}`;
    case 'deletePermanently':
      return null;
  }
}

async function perform(session: MailSession, action: MessageAction) {
  await session.perform(action, describe(action, action.uids.length));
}

export async function setFlag(session: MailSession, selection: Selection, flag: string, on: boolean): Promise<void> {
  await perform(session, { kind: 'setFlags', ...(await base(session, selection)), add: on ? [flag] : [], remove: on ? [] : [flag] });
}

export async function moveTo(session: MailSession, selection: Selection, target: string): Promise<void> {
  if (target === selection.path) return;
  await perform(session, { kind: 'move', ...(await base(session, selection)), target });
}

/**
 * To the account's \Archive folder. Where the server marks none, a folder named "Archive" is used if there
 * is one, and otherwise the user is offered to create it (servers without SPECIAL-USE are common).
 */
export async function archive(session: MailSession, selection: Selection, confirm: (question: string) => boolean = () => false): Promise<void> {
  const mailboxes = await session.db.mailboxes.where('accountId').equals(selection.accountId).toArray();
  let target = mailboxes.find((mailbox) => mailbox.specialUse === 'archive')?.path ?? mailboxes.find((mailbox) => mailbox.name.toLowerCase() === 'archive' && mailbox.parentPath === null)?.path ?? null;
  if (!target) {
    if (!confirm('This account has no Archive folder. Create one named “Archive” on the server?')) {
      throw new TernError('NOT_FOUND', 'This account has no Archive folder. Create one, or move the message to a folder of your choice.');
    }
    // Queued like any folder change, ahead of the move: works offline too, and replays in that order.
    await session.changeFolder({ kind: 'create', accountId: selection.accountId, parentPath: null, name: 'Archive' });
    target = 'Archive';
  }
  await moveTo(session, selection, target);
}

/** To Trash; in Trash (or with no Trash folder), permanently after the user confirms. */
export async function trash(session: MailSession, selection: Selection, confirm: (question: string) => boolean): Promise<void> {
  const target = await specialFolder(session, selection.accountId, 'trash');
  if (target && target !== selection.path) return moveTo(session, selection, target);
  const count = selection.uids.length;
  if (!confirm(`Delete ${count === 1 ? 'this message' : `${count} messages`} permanently? This cannot be undone.`)) return;
  await perform(session, { kind: 'deletePermanently', ...(await base(session, selection)) });
}

/**
 * Junk: flag it `$Junk` (so the server's and other clients' filters learn) and move it to the Junk folder.
 * In the Junk folder the same command means "not junk": `$NotJunk`, back to the Inbox.
 */
export async function toggleJunk(session: MailSession, selection: Selection): Promise<void> {
  const junk = await specialFolder(session, selection.accountId, 'junk');
  const inbox = await specialFolder(session, selection.accountId, 'inbox');
  const notJunk = junk !== null && selection.path === junk;
  const target = notJunk ? inbox : junk;
  if (!target) throw new TernError('NOT_FOUND', 'This account has no Junk folder on the server.');
  const common = await base(session, selection);
  await session.perform({ kind: 'setFlags', ...common, add: [notJunk ? '$NotJunk' : '$Junk'], remove: [notJunk ? '$Junk' : '$NotJunk'] }, null);
  await session.perform({ kind: 'move', ...common, target }, notJunk ? `Moved ${selection.uids.length === 1 ? '1 message' : `${selection.uids.length} messages`} back to the Inbox` : `Marked ${selection.uids.length === 1 ? '1 message' : `${selection.uids.length} messages`} as junk`);
}
