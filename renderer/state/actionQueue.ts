/**
 * The durable queue of user actions (RFC 4549's "disconnected operation"). An action is written to IndexedDB
 * and applied to the cache in one transaction, so it survives a crash or a reload and shows at once; then it
 * is sent to main, one account's actions strictly in order. Offline, they wait and are replayed when the
 * account is back. Every action is idempotent on the server, so one replayed after a crash mid-flight is
 * harmless. A refused action is undone in the cache and reported, never silently dropped.
 */
import type { ActionOutcome, MessageAction } from '../../shared/contract/actions';
import { TernError } from '../../shared/contract/errors';
import type { TernClient } from '../../shared/ipc/createClient';
import type { PendingOpRow, TernDb } from '../cache/db';
import { applyActionLocally, restoreSnapshot, snapshotFor, type QueuedAction } from '../cache/localActions';

/** Errors that mean "not now" rather than "never": the action stays queued for the next attempt. */
const TRANSIENT = new Set(['HOST_UNREACHABLE', 'HOST_NOT_FOUND', 'TIMEOUT', 'DISCONNECTED', 'CONNECTION_LIMIT', 'TLS_FAILED', 'AUTH_FAILED']);

export class ActionQueue {
  private readonly draining = new Map<string, Promise<void>>();

  constructor(
    private readonly client: TernClient,
    private readonly db: TernDb,
    private readonly onRefused: (error: TernError, action: MessageAction) => void,
    private readonly onApplied: (action: MessageAction, outcome: ActionOutcome) => void = () => {},
  ) {}

  /** Queues the action, shows its effect at once, and starts sending it. */
  async perform(action: MessageAction): Promise<void> {
    if (action.uids.length === 0) return;
    await this.db.transaction('rw', [this.db.pendingOps, this.db.messages, this.db.bodies], async () => {
      const queued: QueuedAction = { action, before: await snapshotFor(this.db, action) };
      await this.db.pendingOps.add({ accountId: action.accountId, op: queued, state: 'queued', attempts: 0, createdAt: Date.now(), error: null });
      await applyActionLocally(this.db, action);
    });
    void this.flush(action.accountId);
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
      const { action } = next.op as QueuedAction;
      await this.db.pendingOps.update(next.id, { state: 'running', attempts: next.attempts + 1 });
      try {
        const outcome = await this.client.api.applyAction({ action });
        await this.db.pendingOps.delete(next.id);
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

  private async refuse(row: PendingOpRow, error: TernError): Promise<void> {
    const queued = row.op as QueuedAction;
    await this.db.transaction('rw', [this.db.pendingOps, this.db.messages], async () => {
      await this.db.pendingOps.delete(row.id!);
      await restoreSnapshot(this.db, queued);
    });
    this.onRefused(error, queued.action);
  }
}
