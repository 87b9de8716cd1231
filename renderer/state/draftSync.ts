/**
 * Drafts, kept twice. Every change the composer makes is written to IndexedDB at once (a reload, a crash or a
 * night offline loses nothing), and after a few quiet seconds the latest version goes to the account's Drafts
 * folder, replacing the one before (main: electron/compose/serverDrafts.ts). A server copy that could not be
 * written (offline, server away) is retried with backoff and when the account comes back; a discarded draft's
 * server copy is removed the same way. One upload per draft at a time, and never an older version after a
 * newer one: each upload names the local version it carries.
 * When the disk is full the latest fields stay in memory (the composer says "Not saved on this computer"),
 * still go to the server from there, and are written here again with backoff until there is room.
 */
import type { DraftLocation, DraftMessage } from '../../shared/contract/drafts';
import { TernError } from '../../shared/contract/errors';
import type { TernClient } from '../../shared/ipc/createClient';
import type { TernDb } from '../cache/db';
import type { Draft } from '../features/composer/composeDraft';
import { isStorageFull } from '../cache/storageFull';

/** A draft whose latest fields could not be written here: held in memory until they can. */
interface Unstored {
  draft: Draft;
  /** The server copy made from memory, which the next save replaces (undefined: none made yet). */
  server?: DraftLocation | null;
  /** This very version is on the server (or has nowhere to go there). */
  uploaded: boolean;
}

/** What the composer shows about a draft's copy on this computer. */
export type LocalDraftState = 'stored' | 'notStored' | 'notStoredButInDrafts';

/** How long a draft must stay unchanged before it goes to the server. */
export const DRAFT_QUIET_MS = 3_000;
const RETRY_DELAYS_MS = [5_000, 15_000, 30_000, 60_000, 120_000];
const KEEP_SAVED_MS = 7 * 86_400_000;

export interface DraftSyncHost {
  syncMailbox(accountId: string, path: string): Promise<void>;
  reportError(error: unknown): void;
}

export interface DraftSyncOptions {
  quietMs?: number;
  retryDelaysMs?: number[];
  /** Turns the composer's fields into what main stores (sanitized HTML, parsed addresses). */
  toMessage(draft: Draft): DraftMessage | Promise<DraftMessage>;
}

export class DraftSync {
  private readonly quietMs: number;
  private readonly retryDelaysMs: number[];
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly uploads = new Map<string, Promise<void>>();
  private readonly failures = new Map<string, number>();
  /** The latest fields per draft while a local write is in progress: writes coalesce instead of queueing. */
  private readonly pendingWrites = new Map<string, Draft>();
  private readonly writing = new Map<string, Promise<void>>();
  private readonly unstored = new Map<string, Unstored>();
  /** Local writes waiting for room, and how many times each draft found none. */
  private readonly localRetries = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly localAttempts = new Map<string, number>();
  private readonly localListeners = new Set<() => void>();
  private stopped = false;
  private stopListening: (() => void) | null = null;

  constructor(
    private readonly client: TernClient,
    private readonly db: TernDb,
    private readonly host: DraftSyncHost,
    private readonly options: DraftSyncOptions,
  ) {
    this.quietMs = options.quietMs ?? DRAFT_QUIET_MS;
    this.retryDelaysMs = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  }

  /** After a (re)start: whatever the server does not have yet goes now. */
  async start(): Promise<void> {
    // A draft the server has had for a week is kept there; this computer needs its copy no longer.
    const stale = Date.now() - KEEP_SAVED_MS;
    await this.db.drafts.filter((row) => row.state === 'open' && row.savedVersion >= row.version && row.updatedAt < stale).delete();
    this.stopListening = this.client.on('accountStatusChanged', (status) => {
      if (status.state === 'online' || status.state === 'limited') void this.catchUp(status.accountId);
    });
    await this.catchUp(null);
  }

  stop(): void {
    this.stopped = true;
    this.stopListening?.();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const timer of this.localRetries.values()) clearTimeout(timer);
    this.localRetries.clear();
  }

  /** Whether the draft's latest fields are on this computer (for the composer's status line). */
  localState = (draftId: string): LocalDraftState => {
    const kept = this.unstored.get(draftId);
    return !kept ? 'stored' : kept.uploaded ? 'notStoredButInDrafts' : 'notStored';
  };

  subscribeLocal = (listener: () => void): (() => void) => {
    this.localListeners.add(listener);
    return () => this.localListeners.delete(listener);
  };

  /** Stores the composer's fields now, and sends them to the server once they stay unchanged for a moment. */
  write(draft: Draft): Promise<void> {
    this.pendingWrites.set(draft.draftId, draft);
    const running = this.writing.get(draft.draftId);
    if (running) return running;
    const run = (async () => {
      try {
        for (let next = this.pendingWrites.get(draft.draftId); next; next = this.pendingWrites.get(draft.draftId)) {
          this.pendingWrites.delete(draft.draftId);
          await this.storeOrKeep(next);
        }
      } finally {
        this.writing.delete(draft.draftId);
      }
    })();
    this.writing.set(draft.draftId, run);
    this.schedule(draft.draftId, this.quietMs);
    return run;
  }

  /** The server copy the next save (or a send) replaces. */
  async location(draftId: string): Promise<DraftLocation | null> {
    await this.writing.get(draftId);
    const kept = this.unstored.get(draftId);
    if (kept?.server !== undefined) return kept.server;
    return (await this.db.drafts.get(draftId))?.server ?? kept?.draft.serverDraft ?? null;
  }

  /** The composer closed with the draft kept: it goes to the server now rather than after the quiet time. */
  async saveNow(draftId: string): Promise<void> {
    await this.writing.get(draftId);
    this.clearTimer(draftId);
    await this.upload(draftId);
  }

  /** The message was handed to the outbox: main removes the server copy once it is sent. */
  async forget(draftId: string): Promise<void> {
    this.pendingWrites.delete(draftId);
    await this.writing.get(draftId);
    this.dropUnstored(draftId);
    this.clearTimer(draftId);
    await this.uploads.get(draftId)?.catch(() => undefined);
    await this.db.drafts.delete(draftId);
  }

  /** Thrown away: gone here at once, and from the server now or as soon as it can be reached. */
  async discard(draft: Draft): Promise<void> {
    this.pendingWrites.delete(draft.draftId);
    await this.writing.get(draft.draftId);
    this.clearTimer(draft.draftId);
    await this.uploads.get(draft.draftId)?.catch(() => undefined);
    const kept = this.unstored.get(draft.draftId);
    this.dropUnstored(draft.draftId);
    const row = await this.db.drafts.get(draft.draftId);
    await this.db.drafts.put({
      draftId: draft.draftId,
      accountId: draft.accountId,
      draft,
      version: row?.version ?? 0,
      savedVersion: row?.savedVersion ?? 0,
      server: kept?.server !== undefined ? kept.server : (row?.server ?? draft.serverDraft),
      state: 'discarded',
      updatedAt: Date.now(),
      error: null,
    });
    await this.upload(draft.draftId);
  }

  /** Writes the draft here; on a full disk keeps it in memory instead, and tries again later. */
  private async storeOrKeep(draft: Draft): Promise<void> {
    const kept = this.unstored.get(draft.draftId);
    try {
      await this.store(draft, kept);
    } catch (error) {
      if (!(await isStorageFull(error))) throw error;
      this.unstored.set(draft.draftId, { draft, server: kept?.server, uploaded: false });
      this.retryLocally(draft.draftId);
      this.notifyLocal();
      return;
    }
    // Stored: unless the user typed meanwhile (a newer version is held), memory is no longer needed.
    if (kept && this.unstored.get(draft.draftId) === kept) this.dropUnstored(draft.draftId);
  }

  private retryLocally(draftId: string): void {
    if (this.stopped || this.localRetries.has(draftId)) return;
    const attempts = (this.localAttempts.get(draftId) ?? 0) + 1;
    this.localAttempts.set(draftId, attempts);
    const delay = this.retryDelaysMs[Math.min(attempts - 1, this.retryDelaysMs.length - 1)] ?? 60_000;
    const timer = setTimeout(() => {
      this.localRetries.delete(draftId);
      const kept = this.unstored.get(draftId);
      if (kept && !this.pendingWrites.has(draftId)) void this.write(kept.draft).catch((error: unknown) => this.host.reportError(error));
    }, delay);
    this.localRetries.set(draftId, timer);
  }

  private dropUnstored(draftId: string): void {
    clearTimeout(this.localRetries.get(draftId));
    this.localRetries.delete(draftId);
    this.localAttempts.delete(draftId);
    if (this.unstored.delete(draftId)) this.notifyLocal();
  }

  private notifyLocal(): void {
    for (const listener of this.localListeners) listener();
  }

  private async store(draft: Draft, kept?: Unstored): Promise<void> {
    await this.db.transaction('rw', this.db.drafts, async () => {
      const row = await this.db.drafts.get(draft.draftId);
      if (row?.state === 'discarded') return;
      const version = (row?.version ?? 0) + 1;
      await this.db.drafts.put({
        draftId: draft.draftId,
        accountId: draft.accountId,
        draft,
        version,
        // The server copy made from memory while the disk was full is the one the next save replaces.
        savedVersion: kept?.uploaded && kept.draft === draft ? version : (row?.savedVersion ?? 0),
        server: kept?.server !== undefined ? kept.server : row ? row.server : draft.serverDraft,
        state: 'open',
        updatedAt: Date.now(),
        error: row?.error ?? null,
      });
    });
  }

  private async catchUp(accountId: string | null): Promise<void> {
    const rows = await (accountId === null ? this.db.drafts.toArray() : this.db.drafts.where('accountId').equals(accountId).toArray());
    for (const row of rows) if (row.state === 'discarded' || row.version > row.savedVersion) this.schedule(row.draftId, 0);
  }

  /** One upload per draft at a time; a change that arrives meanwhile is sent after it. */
  private upload(draftId: string): Promise<void> {
    const running = this.uploads.get(draftId);
    if (running) return running.then(() => this.upload(draftId));
    const run = this.uploadOnce(draftId)
      .then(
        () => void this.failures.delete(draftId),
        (error: unknown) => this.failed(draftId, error),
      )
      .finally(() => this.uploads.delete(draftId));
    this.uploads.set(draftId, run);
    return run;
  }

  private async uploadOnce(draftId: string): Promise<void> {
    if (this.unstored.has(draftId)) return this.uploadFromMemory(draftId);
    const row = await this.db.drafts.get(draftId);
    if (!row || this.stopped) return;
    if (row.state === 'discarded') {
      await this.client.api.removeDraft({ accountId: row.accountId, draftId, location: row.server });
      await this.db.drafts.delete(draftId);
      this.followDrafts(row.accountId, row.server);
      return;
    }
    if (row.savedVersion >= row.version) return;
    const outcome = await this.client.api.saveDraft({ accountId: row.accountId, draft: await this.options.toMessage(row.draft), replaces: row.server });
    await this.db.transaction('rw', this.db.drafts, async () => {
      const current = await this.db.drafts.get(draftId);
      if (!current) return;
      switch (outcome.status) {
        case 'saved':
          await this.db.drafts.update(draftId, { server: outcome.location, savedVersion: row.version, error: null });
          return;
        case 'noDraftsFolder':
          await this.db.drafts.update(draftId, { savedVersion: row.version, error: 'This account has no Drafts folder, so the draft is kept on this computer only.' });
          return;
        case 'closed':
          await this.db.drafts.delete(draftId);
          return;
      }
    });
    if (outcome.status === 'saved') this.followDrafts(row.accountId, outcome.location);
  }

  /** The disk is full: the latest fields go to the server from memory, and the copy made is remembered there. */
  private async uploadFromMemory(draftId: string): Promise<void> {
    const kept = this.unstored.get(draftId);
    if (!kept || kept.uploaded || this.stopped) return;
    const row = await this.db.drafts.get(draftId);
    const replaces = kept.server !== undefined ? kept.server : row ? row.server : kept.draft.serverDraft;
    const outcome = await this.client.api.saveDraft({ accountId: kept.draft.accountId, draft: await this.options.toMessage(kept.draft), replaces });
    if (outcome.status === 'closed') {
      this.dropUnstored(draftId);
      await this.db.drafts.delete(draftId).catch(() => undefined);
      return;
    }
    const server = outcome.status === 'saved' ? outcome.location : replaces;
    const current = this.unstored.get(draftId);
    if (current) {
      current.server = server;
      current.uploaded = current === kept;
      this.notifyLocal();
    } else {
      // Written here while this upload ran: the row must name the copy just made, or the next save duplicates it.
      await this.db.drafts.update(draftId, { server }).catch(() => undefined);
    }
    if (outcome.status === 'saved') this.followDrafts(kept.draft.accountId, outcome.location);
  }

  private async failed(draftId: string, error: unknown): Promise<void> {
    const ternError = error instanceof TernError ? error : null;
    const message = ternError?.message ?? 'The draft could not be saved on the server.';
    await this.db.drafts.update(draftId, { error: `Saved on this computer; not yet in Drafts on the server (${message})` }).catch(() => undefined);
    // A draft main refuses as it is would be refused again: it stays here, and the next change tries anew.
    if (ternError?.code === 'INVALID_INPUT') return;
    const attempts = (this.failures.get(draftId) ?? 0) + 1;
    this.failures.set(draftId, attempts);
    this.schedule(draftId, this.retryDelaysMs[Math.min(attempts - 1, this.retryDelaysMs.length - 1)] ?? 60_000);
  }

  /** The Drafts folder shown here follows the change, if the cache holds it. */
  private followDrafts(accountId: string, location: DraftLocation | null): void {
    void (async () => {
      const mailboxes = await this.db.mailboxes.where('accountId').equals(accountId).toArray();
      const drafts = location?.path ?? mailboxes.find((mailbox) => mailbox.specialUse === 'drafts')?.path;
      if (drafts && (await this.db.cursors.get([accountId, drafts]))) await this.host.syncMailbox(accountId, drafts);
    })().catch((error: unknown) => {
      if (!this.stopped) this.host.reportError(error);
    });
  }

  private schedule(draftId: string, delayMs: number): void {
    if (this.stopped) return;
    this.clearTimer(draftId);
    this.timers.set(
      draftId,
      setTimeout(() => {
        this.timers.delete(draftId);
        void this.upload(draftId);
      }, delayMs),
    );
  }

  private clearTimer(draftId: string): void {
    const timer = this.timers.get(draftId);
    if (timer) clearTimeout(timer);
    this.timers.delete(draftId);
  }
}

