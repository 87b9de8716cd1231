/**
 * What an action does to the cache, applied the moment the user acts (optimistically) and again on top of
 * every delta from the server while the action is still queued, so the server's older view never makes a
 * message flicker back. `snapshotFor` records what is needed to undo it if the server refuses.
 */
import type { MessageAction } from '../../shared/contract/actions';
import type { MessageRow, TernDb } from './db';

export interface QueuedAction {
  action: MessageAction;
  /** The cache as it was for these messages before the action: restored if the server refuses it. */
  before: MessageRow[];
}

/** A queued row holds either a message action or a folder change (see localFolderChanges.ts). */
export function isQueuedAction(op: unknown): op is QueuedAction {
  return typeof op === 'object' && op !== null && 'action' in op;
}

const keys = (action: MessageAction) => action.uids.map((uid) => [action.accountId, action.path, uid] as [string, string, number]);

export async function snapshotFor(db: TernDb, action: MessageAction): Promise<MessageRow[]> {
  return (await db.messages.bulkGet(keys(action))).filter((row): row is MessageRow => row !== undefined);
}

/** Must run inside a transaction that covers messages and bodies. */
export async function applyActionLocally(db: TernDb, action: MessageAction): Promise<void> {
  switch (action.kind) {
    case 'setFlags': {
      const rows = await snapshotFor(db, action);
      await db.messages.bulkPut(
        rows.map((row) => ({ ...row, flags: [...new Set([...row.flags.filter((flag) => !action.remove.includes(flag)), ...action.add])] })),
      );
      return;
    }
    case 'move':
    case 'deletePermanently':
      await db.messages.bulkDelete(keys(action));
      await db.bodies.bulkDelete(keys(action));
      return;
  }
}

/** Puts the messages back as they were (the server refused the action). Inside a transaction over messages. */
export async function restoreSnapshot(db: TernDb, queued: QueuedAction): Promise<void> {
  await db.messages.bulkPut(queued.before);
}

/** Re-applies still-queued actions on one folder: called in the same transaction as each delta. */
export async function reapplyQueuedActions(db: TernDb, accountId: string, path: string, queued = db.pendingOps.where('accountId').equals(accountId).toArray()): Promise<void> {
  for (const row of await queued) {
    if (row.state === 'failed' || !isQueuedAction(row.op)) continue;
    const { action } = row.op;
    if (action.path === path) await applyActionLocally(db, action);
  }
}
