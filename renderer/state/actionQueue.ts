/**
 * The durable queue of user actions (RFC 4549's "disconnected operation"): message actions and folder changes
 * in one table, so they reach the server in the order the user made them ("create X, then move mail into X").
 * An action is written to IndexedDB and applied to the cache in one transaction, so it survives a crash or a
 * reload and shows at once; then it is sent to main, one account's actions strictly in order. Offline, they wait and are replayed when the
 * account is back. Every action is idempotent on the server, so one replayed after a crash mid-flight is
 * harmless. A refused action is undone in the cache and reported, never silently dropped.
 */
import type { ActionOutcome, MessageAction } from '../../shared/contract/actions';
import { TernError } from '../../shared/contract/errors';
import type { FolderChange, FolderChangeOutcome } from '../../shared/contract/folders';
import { checkFolderChange } from '../../shared/domain/folderChangeOnList';
import type { TernClient } from '../../shared/ipc/createClient';
import type { PendingOpRow, TernDb } from '../cache/db';
import { applyActionLocally, isQueuedAction, restoreSnapshot, snapshotFor, type QueuedAction } from '../cache/localActions';
import { applyFolderChangeLocally, isQueuedFolderChange, revertRenameLocally, type QueuedFolderChange } from '../cache/localFolderChanges';
import { replaceMailboxes } from '../cache/replaceMailboxes';
import { whenStorageFull } from '../cache/storageFull';

const NOT_QUEUED = 'Tern could not save this change: the disk (or browser storage) is full, so nothing was changed. Free some space and try again.';

/** Errors that mean "not now" rather than "never": the action stays queued for the next attempt. */
const TRANSIENT = new Set(['HOST_UNREACHABLE', 'HOST_NOT_FOUND', 'TIMEOUT', 'DISCONNECTED', 'CONNECTION_LIMIT', 'TLS_FAILED', 'AUTH_FAILED']);

export class ActionQueue {
  private readonly draining = new Map<string, Promise<void>>();
  /** What recent actions did on the server, for undo. */
  private readonly applied = new Map<number, { action: MessageAction; outcome: ActionOutcome }>();

  constructor(
    private readonly client: TernClient,
    private readonly db: TernDb,
    private readonly onRefused: (error: TernError) => void,
    private readonly onApplied: (action: MessageAction, outcome: ActionOutcome) => void = () => {},
    /** Something the user should know that is not a failure (a folder to delete was already gone). */
    private readonly onNotice: (message: string) => void = () => {},
  ) {}

  /**
   * Queues a folder change and shows it in the folder tree at once. One the cached tree already shows cannot
   * work (a name taken, a special folder) is refused here, before anything is queued.
   */
  async performFolderChange(change: FolderChange): Promise<void> {
    const tables = [this.db.pendingOps, this.db.mailboxes, this.db.messages, this.db.bodies, this.db.cursors];
    await this.db
      .transaction('rw', tables, async () => {
        checkFolderChange(await this.db.mailboxes.where('accountId').equals(change.accountId).toArray(), change);
      const id = await this.db.pendingOps.add({ accountId: change.accountId, op: { folder: change, renamed: [] }, state: 'queued', attempts: 0, createdAt: Date.now(), error: null });
        const renamed = await applyFolderChangeLocally(this.db, change);
        if (renamed.length > 0) await this.db.pendingOps.update(id, { op: { folder: change, renamed } satisfies QueuedFolderChange });
      })
      .catch(whenStorageFull(NOT_QUEUED));
    void this.flush(change.accountId);
  }

  /** Queues the action, shows its effect at once, and starts sending it. Returns its id (for undo). */
  async perform(action: MessageAction): Promise<number | null> {
    if (action.uids.length === 0) return null;
    // The op and its effect on the cache share one transaction: on a full disk neither stays.
    const id = await this.db
      .transaction('rw', [this.db.pendingOps, this.db.messages, this.db.bodies], async () => {
        const queued: QueuedAction = { action, before: await snapshotFor(this.db, action) };
        const added = await this.db.pendingOps.add({ accountId: action.accountId, op: queued, state: 'queued', attempts: 0, createdAt: Date.now(), error: null });
        await applyActionLocally(this.db, action);
        return added;
      })
      .catch(whenStorageFull(NOT_QUEUED));
    void this.flush(action.accountId);
    return id ?? null;
  }

  /**
   * Takes an action back: one still waiting (offline) is simply removed and its effect undone here; one the
   * server already has is reversed by its inverse action. Permanent deletion cannot be undone.
   */
  async undo(id: number): Promise<void> {
    const cancelled = await this.db.transaction('rw', [this.db.pendingOps, this.db.messages], async () => {
      const row = await this.db.pendingOps.get(id);
      if (!row || row.state !== 'queued' || !isQueuedAction(row.op)) return false;
      await this.db.pendingOps.delete(id);
      await restoreSnapshot(this.db, row.op);
      return true;
    });
    if (cancelled) return;
    const row = await this.db.pendingOps.get(id);
    if (row) await this.flush(row.accountId); // in flight right now: let it land, then reverse it
    const done = this.applied.get(id);
    if (!done) throw new TernError('NOT_FOUND', 'That action can no longer be undone.');
    const inverse = inverseOf(done.action, done.outcome);
    if (!inverse) throw new TernError('INVALID_INPUT', 'That action cannot be undone.');
    this.applied.delete(id);
    await this.perform(inverse);
  }

  /** After a restart: whatever was in flight is queued again (replaying it is safe). */
  async recover(): Promise<string[]> {
    const running = await this.db.pendingOps.filter((row) => row.state === 'running').toArray();
    await Promise.all(running.map((row) => this.db.pendingOps.update(row.id!, { state: 'queued' })));
    const accounts = new Set((await this.db.pendingOps.toArray()).map((row) => row.accountId));
    return [...accounts];
  }

  /** Sends this account's queued actions in order; resolves when the queue is empty or the account is offline. */
  flush(accountId: string): Promise<void> {
    const current = this.draining.get(accountId);
    if (current) return current;
    const run = this.drain(accountId).finally(() => this.draining.delete(accountId));
    this.draining.set(accountId, run);
    return run;
  }

  async pendingCount(accountId: string): Promise<number> {
    return this.db.pendingOps.where('[accountId+state]').equals([accountId, 'queued']).count();
  }

  private async drain(accountId: string): Promise<void> {
    for (;;) {
      const next = await this.db.pendingOps.where('[accountId+state]').equals([accountId, 'queued']).first();
      if (!next?.id) return;
      await this.db.pendingOps.update(next.id, { state: 'running', attempts: next.attempts + 1 });
      try {
        if (isQueuedFolderChange(next.op)) {
          const outcome = await this.client.api.applyFolderChange({ change: next.op.folder });
          await this.settleFolderChange(next, next.op, outcome);
          continue;
        }
        const { action } = next.op as QueuedAction;
        const outcome = await this.client.api.applyAction({ action });
        await this.db.pendingOps.delete(next.id);
        this.applied.set(next.id, { action, outcome });
        if (this.applied.size > 50) this.applied.delete(this.applied.keys().next().value!);
        this.onApplied(action, outcome);
      } catch (cause) {
        const error = cause instanceof TernError ? cause : new TernError('INTERNAL', 'The action failed unexpectedly.');
        if (TRANSIENT.has(error.code)) {
          await this.db.pendingOps.update(next.id, { state: 'queued', error: error.toPayload() });
          return; // offline or unreachable: stop here, keep the order, try again when the account is back
        }
        await this.refuse(next, error);
      }
    }
  }

  /** The server has the change: the queue forgets it and the tree shows the server's list (with what is still queued on top). */
  private async settleFolderChange(row: PendingOpRow, queued: QueuedFolderChange, outcome: FolderChangeOutcome): Promise<void> {
    await this.db.transaction('rw', [this.db.pendingOps, this.db.mailboxes, this.db.messages, this.db.bodies, this.db.cursors], async () => {
      await this.db.pendingOps.delete(row.id!);
      await replaceMailboxes(this.db, row.accountId, outcome.mailboxes);
    });
    // Gone already on the first try: not our earlier attempt, so another device deleted or renamed it.
    if (outcome.alreadyDone && queued.folder.kind === 'delete' && row.attempts === 0) {
      this.onNotice(`The folder “${queued.folder.path}” was already gone from the server (deleted or renamed on another device); nothing else was deleted.`);
    }
  }

  private async refuse(row: PendingOpRow, error: TernError): Promise<void> {
    if (isQueuedFolderChange(row.op)) {
      const queued = row.op;
      await this.db.transaction('rw', [this.db.pendingOps, this.db.mailboxes, this.db.messages, this.db.bodies, this.db.cursors], async () => {
        await this.db.pendingOps.delete(row.id!);
        await revertRenameLocally(this.db, queued);
      });
      // The tree goes back to what the server has (refusals come from a server that answered, so it is online).
      await this.client.api
        .listMailboxes({ accountId: row.accountId })
        .then((mailboxes) => replaceMailboxes(this.db, row.accountId, mailboxes))
        .catch(() => undefined);
      this.onRefused(error);
      return;
    }
    const queued = row.op as QueuedAction;
    await this.db.transaction('rw', [this.db.pendingOps, this.db.messages], async () => {
      await this.db.pendingOps.delete(row.id!);
      await restoreSnapshot(this.db, queued);
    });
    this.onRefused(error);
  }
}

/** The action that reverses one the server carried out, or null when there is none. */
export function inverseOf(action: MessageAction, outcome: ActionOutcome): MessageAction | null {
  switch (action.kind) {
    case 'setFlags':
      return { ...action, add: action.remove, remove: action.add };
    case 'move':
      if (!outcome.targetUidValidity || outcome.uidMap.length === 0) return null;
      return {
        kind: 'move',
        accountId: action.accountId,
        path: action.target,
        uidValidity: outcome.targetUidValidity,
        uids: outcome.uidMap.map(([, uid]) => uid),
        target: action.path,
      };
    case 'deletePermanently':
      return null;
  }
}
