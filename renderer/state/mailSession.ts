/**
 * The renderer's link to the engine: stores every delta main pushes (in order, one transaction each, then
 * acknowledges it), keeps the cached account and folder lists current, syncs the folders main reports as
 * changed on the server, and tracks sync and connection status for the UI. Components never call the network
 * directly; they read Dexie and ask this session for work.
 */
import type { AccountStatus, AccountSummary, AccountUpdate } from '../../shared/contract/accounts';
import type { MessageAction } from '../../shared/contract/actions';
import type { HostInfo } from '../../shared/contract/api';
import type { FolderChange } from '../../shared/contract/folders';
import { TernError } from '../../shared/contract/errors';
import type { MessageHeader } from '../../shared/contract/messages';
import type { SyncProgress } from '../../shared/contract/sync';
import type { TernClient } from '../../shared/ipc/createClient';
import { applyMailboxDelta } from '../cache/applyMailboxDelta';
import type { TernDb } from '../cache/db';
import { forgetAccountMail } from '../cache/forgetAccountMail';
import { replaceAccounts } from '../cache/replaceAccounts';
import { replaceMailboxes } from '../cache/replaceMailboxes';
import { ActionQueue } from './actionQueue';
import { BodyPrefetcher } from './bodyPrefetch';
import { preferences } from './preferences';
import { snippetOf } from './snippetOf';
import { isQuotaError, isStorageFull, STORAGE_FULL_MESSAGE } from '../cache/storageFull';
import { Outbox } from './outbox';
import { DraftSync } from './draftSync';

export interface FolderProgress extends SyncProgress {
  /** Estimated milliseconds left, from the rate so far; null until there is a rate. */
  etaMs: number | null;
}

export interface SessionStatus {
  connected: boolean;
  /** The last action, offered for undo for a few seconds. */
  undoable: { id: number; label: string; at: number } | null;
  syncing: FolderProgress[];
  /** Folders whose last sync ended in an error (the sync-status view says which and why), until one goes through. */
  failed: SyncProgress[];
  accounts: Record<string, AccountStatus>;
  lastError: { code: string; message: string } | null;
  /** Set while mail cannot be stored for lack of room: shown until a retried sync stores again. */
  storageFull: string | null;
}

/** Unread messages that arrived in a folder the cache was already in step with. */
export interface NewMail {
  accountId: string;
  path: string;
  headers: MessageHeader[];
}

const folderKey = (accountId: string, path: string) => `${accountId}\u0000${path}`;

/** How long to wait before trying a full disk again: space is freed by the user, at human speed. */
const ROOM_RETRY_DELAYS_MS = [5_000, 15_000, 30_000, 60_000];

export interface MailSessionOptions {
  roomRetryDelaysMs?: number[];
}

export class MailSession {
  private applying: Promise<void> = Promise.resolve();
  private status: SessionStatus = { connected: true, undoable: null, syncing: [], failed: [], accounts: {}, lastError: null, storageFull: null };
  private readonly statusListeners = new Set<() => void>();
  private readonly syncStarted = new Map<string, number>();
  /** Per folder: the sync in flight, and whether another change arrived while it ran (so it runs again). */
  private readonly inFlight = new Map<string, { run: Promise<void>; again: boolean }>();
  /** The folder on screen: kept in step along with every INBOX. */
  private openFolder: { accountId: string; path: string } | null = null;
  private readonly arrivalListeners = new Set<(arrival: NewMail) => void>();
  /** Folders whose sync stopped on a full disk, synced again from their cursors once there is room. */
  private readonly waitingForRoom = new Map<string, { accountId: string; path: string }>();
  private roomTimer: ReturnType<typeof setTimeout> | null = null;
  private roomAttempts = 0;
  private readonly roomRetryDelaysMs: number[];
  hostInfo: HostInfo | null = null;
  readonly actions: ActionQueue;
  readonly outbox: Outbox;
  readonly prefetcher: BodyPrefetcher;
  readonly drafts: DraftSync;

  constructor(
    readonly client: TernClient,
    readonly db: TernDb,
    options: MailSessionOptions = {},
  ) {
    this.roomRetryDelaysMs = options.roomRetryDelaysMs ?? ROOM_RETRY_DELAYS_MS;
    this.prefetcher = new BodyPrefetcher({
      db,
      loadBody: (accountId, path, uid) => this.loadBody(accountId, path, uid),
      // Bodies are read ahead only while there is room for them.
      isOnline: (accountId) => this.status.storageFull === null && this.status.connected && ['online', 'limited'].includes(this.status.accounts[accountId]?.state ?? 'online'),
    });
    this.actions = new ActionQueue(
      client,
      db,
      (error) => this.reportError(new TernError(error.code, `${error.message} The change was undone here.`)),
      (action) => {
        if (action.kind === 'move') void this.followServer(action.accountId, [action.target]);
        this.refreshCountsSoon(action.accountId);
      },
      (message) => this.reportError(new TernError('NOT_FOUND', message)),
    );
    this.outbox = new Outbox(client, db, this);
    // The composer's code (sanitizer, rich text) loads with the composer, not with the first screen.
    this.drafts = new DraftSync(client, db, this, { toMessage: (draft) => import('../features/composer/composeDraft').then((module) => module.toDraftMessage(draft)) });
    client.on('mailboxChanged', (delta) => {
      this.applying = this.applying
        .then(async () => {
          // Mail is new when it arrives above a cursor the cache already had: never during a first sync
          // (no cursor until its last batch) nor a rebuild (reset).
          let before;
          try {
            before = await applyMailboxDelta(db, delta);
          } catch (error) {
            if (!(await isStorageFull(error))) throw error;
            // The transaction rolled back whole. Main is told instead of acknowledged, so it ends this sync
            // rather than waiting; the folder is synced again from its (unchanged) cursor when there is room.
            this.waitForRoom(delta.accountId, delta.path);
            await client.api.acknowledgeDelta({ deltaId: delta.deltaId, error: { code: 'STORAGE_FULL', message: STORAGE_FULL_MESSAGE } });
            return;
          }
          await client.api.acknowledgeDelta({ deltaId: delta.deltaId });
          const arrived = before ? delta.upserts.filter((header) => header.uid >= before.uidNext && !header.flags.includes('\\Seen')) : [];
          if (arrived.length > 0) for (const listener of this.arrivalListeners) listener({ accountId: delta.accountId, path: delta.path, headers: arrived });
        })
        .catch((error: unknown) => this.reportError(error));
    });
    client.on('accountsChanged', ({ accounts }) => void this.storeAccounts(accounts));
    client.on('mailboxesChanged', ({ accountId, mailboxes }) => void replaceMailboxes(db, accountId, mailboxes).catch((e: unknown) => this.reportError(e)));
    client.on('serverMailboxesChanged', ({ accountId, paths }) => void this.followServer(accountId, paths));
    client.on('syncProgressed', (progress) => this.trackProgress(progress));
    client.on('accountStatusChanged', (status) => {
      this.setStatus({ ...this.status, accounts: { ...this.status.accounts, [status.accountId]: status } });
      // Back online: what the user did meanwhile goes out first.
      if (status.state === 'online' || status.state === 'limited') void this.actions.flush(status.accountId);
    });
  }

  /** New mail as it is stored (see NewMail); returns the unsubscribe. */
  onNewMail(listener: (arrival: NewMail) => void): () => void {
    this.arrivalListeners.add(listener);
    return () => this.arrivalListeners.delete(listener);
  }

  async start(): Promise<void> {
    this.hostInfo = await this.client.api.getHostInfo({});
    const statuses = await this.client.api.listAccountStatus({});
    this.setStatus({ ...this.status, accounts: Object.fromEntries(statuses.map((s) => [s.accountId, s])) });
    for (const accountId of await this.actions.recover()) void this.actions.flush(accountId);
    void this.outbox.start().catch((error: unknown) => this.reportError(error));
    void this.drafts.start().catch((error: unknown) => this.reportError(error));
    // Only the account list is awaited: the window shows the cache at once, and syncs fill it in behind.
    await this.storeAccounts(await this.client.api.listAccounts({}));
    void this.refreshAll();
    // Main pushes changes; these cover what it cannot see from its side: the network back, the window shown.
    window.addEventListener('online', () => void this.client.api.reconnectAccounts({}).then(() => this.refreshAll()));
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void this.refreshAll();
    });
  }

  /** Performs a user action and offers it for undo under `label` ("Archived", "Moved to Junk"). */
  async perform(action: MessageAction, label: string | null): Promise<void> {
    const id = await this.actions.perform(action);
    if (id !== null && label) this.setStatus({ ...this.status, undoable: { id, label, at: Date.now() } });
  }

  /**
   * Creates, renames, moves, deletes or (un)subscribes a folder: shown in the tree at once, queued in order with
   * the message actions, and carried out on the server now or when the account is back online.
   */
  async changeFolder(change: FolderChange): Promise<void> {
    await this.actions.performFolderChange(change);
  }

  async undoLast(): Promise<void> {
    const last = this.status.undoable;
    if (!last) return;
    this.setStatus({ ...this.status, undoable: null });
    await this.actions.undo(last.id).catch((error: unknown) => this.reportError(error));
  }

  dismissUndo(): void {
    if (this.status.undoable) this.setStatus({ ...this.status, undoable: null });
  }

  openMailbox(accountId: string, path: string): Promise<void> {
    this.openFolder = { accountId, path };
    return this.syncMailbox(accountId, path);
  }

  async refreshAll(): Promise<void> {
    try {
      const accounts = await this.client.api.listAccounts({});
      await this.storeAccounts(accounts);
      await Promise.all(accounts.map((account) => this.refreshAccount(account.id)));
      const open = this.openFolder;
      if (open && accounts.some((account) => account.id === open.accountId)) await this.syncMailbox(open.accountId, open.path);
    } catch (error) {
      this.reportError(error);
    }
  }

  /**
   * Folder list, then INBOX: what a person expects to see first when an account comes up. Then Sent, so your
   * own replies join conversations and offline search finds them, and the folders kept for offline use; once
   * cached, each is kept in step like any cached folder (and its recent bodies read ahead).
   */
  async refreshAccount(accountId: string): Promise<void> {
    try {
      const mailboxes = await this.client.api.listMailboxes({ accountId });
      await replaceMailboxes(this.db, accountId, mailboxes);
      const inbox = mailboxes.find((mailbox) => mailbox.specialUse === 'inbox');
      if (inbox) await this.syncMailbox(accountId, inbox.path);
      const sent = mailboxes.find((mailbox) => mailbox.specialUse === 'sent' && mailbox.selectable);
      if (sent) await this.syncMailbox(accountId, sent.path);
      // Folders the user keeps for offline use: cached (and so kept in step) without being opened.
      const offline = new Set(preferences().get().offlineFolders);
      for (const mailbox of mailboxes) {
        if (mailbox.selectable && offline.has(`${accountId}\u0000${mailbox.path}`)) await this.syncMailbox(accountId, mailbox.path);
      }
    } catch (error) {
      this.reportError(error);
    }
  }

  /** Brings one folder in step. A request while that folder is already syncing runs once more afterwards. */
  syncMailbox(accountId: string, path: string): Promise<void> {
    const key = folderKey(accountId, path);
    const running = this.inFlight.get(key);
    if (running) {
      running.again = true;
      return running.run;
    }
    const entry = { run: Promise.resolve(), again: false };
    entry.run = (async () => {
      try {
        do {
          entry.again = false;
          await this.syncOnce(accountId, path);
        } while (entry.again);
      } finally {
        this.inFlight.delete(key);
      }
    })();
    this.inFlight.set(key, entry);
    return entry.run;
  }

  /** The body from the cache, or fetched once from the server and cached for offline reading. */
  async loadBody(accountId: string, path: string, uid: number): Promise<void> {
    const cached = await this.db.bodies.get([accountId, path, uid]);
    // Bodies cached before inline images were kept have none: fetch those once more to show their cid: images.
    if (cached && !(cached.inlineParts === undefined && cached.html?.includes('cid:'))) return;
    const cursor = await this.db.cursors.get([accountId, path]);
    if (!cursor) throw new TernError('NOT_FOUND', 'This folder is still syncing; try again in a moment.');
    const body = await this.client.api.fetchMessage({ accountId, path, uid, uidValidity: cursor.uidValidity });
    await this.db.transaction('rw', [this.db.bodies, this.db.messages], async () => {
      await this.db.bodies.put({ ...body, accountId, path, fetchedAt: Date.now() });
      await this.db.messages.update([accountId, path, uid], { snippet: snippetOf(body) });
    });
  }

  /** Removes the account in main, then everything cached for it here (replaceAccounts deletes what is gone). */
  async removeAccount(accountId: string): Promise<void> {
    await this.client.api.removeAccount({ accountId });
    if (this.openFolder?.accountId === accountId) this.openFolder = null;
    await this.storeAccounts(await this.client.api.listAccounts({}));
  }

  /**
   * Saves changed settings (main tests them first). When they now name another mailbox — another server or
   * user — the old cache describes someone else's mail: it is dropped and fetched again.
   */
  async updateAccount(update: AccountUpdate, previous: AccountSummary): Promise<AccountSummary> {
    const saved = await this.client.api.updateAccount(update);
    const elsewhere = saved.imap.host.toLowerCase() !== previous.imap.host.toLowerCase() || saved.imap.username !== previous.imap.username;
    if (elsewhere) await forgetAccountMail(this.db, saved.id);
    await this.storeAccounts(await this.client.api.listAccounts({}));
    void this.refreshAccount(saved.id);
    return saved;
  }

  getStatus = (): SessionStatus => this.status;

  subscribeStatus = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  markDisconnected(): void {
    this.setStatus({ ...this.status, connected: false, lastError: { code: 'DISCONNECTED', message: 'Tern’s engine stopped. Restart it, then reload this page.' } });
  }

  dismissError(): void {
    this.setStatus({ ...this.status, lastError: null });
  }

  reportError(error: unknown): void {
    // A full disk met anywhere else (a body being cached, a folder list) is named as such, not as IndexedDB's words.
    const payload =
      error instanceof TernError
        ? error.toPayload()
        : isQuotaError(error)
          ? { code: 'STORAGE_FULL', message: 'Tern could not store this on your computer: the disk (or browser storage) is full. Free some space and try again.' }
          : { code: 'INTERNAL', message: (error as Error)?.message ?? String(error) };
    this.setStatus({ ...this.status, lastError: payload });
  }

  private async syncOnce(accountId: string, path: string): Promise<void> {
    try {
      // Queued actions reach the server before its changes are pulled (RFC 4549's order).
      await this.actions.flush(accountId);
      const cursor = (await this.db.cursors.get([accountId, path])) ?? null;
      await this.client.api.syncMailbox({
        accountId,
        path,
        cursor: cursor ? { uidValidity: cursor.uidValidity, uidNext: cursor.uidNext, highestModseq: cursor.highestModseq } : null,
      });
      this.prefetcher.schedule(accountId, path);
      this.roomFound(accountId, path);
    } catch (error) {
      if (error instanceof TernError && error.code === 'STORAGE_FULL') this.waitForRoom(accountId, path);
      // A folder deleted elsewhere is not an error worth a toast: the folder list update removes it.
      else if (!(error instanceof TernError && error.code === 'NOT_FOUND')) this.reportError(error);
    }
  }

  /** A folder could not be stored for lack of room: said once in the status bar, and tried again with backoff. */
  private waitForRoom(accountId: string, path: string): void {
    this.waitingForRoom.set(folderKey(accountId, path), { accountId, path });
    if (this.status.storageFull === null) this.setStatus({ ...this.status, storageFull: STORAGE_FULL_MESSAGE });
    if (this.roomTimer) return;
    const delay = this.roomRetryDelaysMs[Math.min(this.roomAttempts, this.roomRetryDelaysMs.length - 1)] ?? 60_000;
    this.roomAttempts++;
    this.roomTimer = setTimeout(() => {
      this.roomTimer = null;
      // Each stays listed until it syncs in full (roomFound), so the notice lasts until the last one did.
      for (const folder of [...this.waitingForRoom.values()]) void this.syncMailbox(folder.accountId, folder.path);
    }, delay);
  }

  /** A folder synced in full: if it was the last one waiting for room, the disk has room again. */
  private roomFound(accountId: string, path: string): void {
    this.waitingForRoom.delete(folderKey(accountId, path));
    if (this.status.storageFull === null || this.waitingForRoom.size > 0 || this.roomTimer) return;
    this.roomAttempts = 0;
    this.setStatus({ ...this.status, storageFull: null });
  }

  /** Syncs the changed folders this cache holds (or shows); the others only needed their counts updated. */
  private async followServer(accountId: string, paths: string[]): Promise<void> {
    const open = this.openFolder;
    for (const path of paths) {
      const isOpen = open?.accountId === accountId && open.path === path;
      if (isOpen || path.toUpperCase() === 'INBOX' || (await this.db.cursors.get([accountId, path]))) void this.syncMailbox(accountId, path);
    }
  }

  private readonly countRefresh = new Map<string, ReturnType<typeof setTimeout>>();

  /** Unread and total counts come from the server (LIST-STATUS): ask again shortly after our own changes. */
  private refreshCountsSoon(accountId: string): void {
    if (this.countRefresh.has(accountId)) return;
    this.countRefresh.set(
      accountId,
      setTimeout(() => {
        this.countRefresh.delete(accountId);
        void this.client.api
          .listMailboxes({ accountId })
          .then((mailboxes) => replaceMailboxes(this.db, accountId, mailboxes))
          .catch(() => undefined); // offline: the next poll or reconnect brings the counts
      }, 300),
    );
  }

  private async storeAccounts(accounts: AccountSummary[]): Promise<void> {
    await replaceAccounts(this.db, accounts);
  }

  private trackProgress(progress: SyncProgress): void {
    const key = folderKey(progress.accountId, progress.path);
    const others = this.status.syncing.filter((item) => folderKey(item.accountId, item.path) !== key);
    if (progress.state !== 'syncing') this.syncStarted.delete(key);
    else if (!this.syncStarted.has(key)) this.syncStarted.set(key, Date.now());
    const elapsed = Date.now() - (this.syncStarted.get(key) ?? Date.now());
    const etaMs = progress.done > 0 && progress.total > progress.done && elapsed > 0 ? Math.round(((progress.total - progress.done) * elapsed) / progress.done) : null;
    const syncing = progress.state === 'syncing' ? [...others, { ...progress, etaMs }] : others;
    const failed = [...this.status.failed.filter((item) => folderKey(item.accountId, item.path) !== key), ...(progress.state === 'error' ? [progress] : [])];
    // A full disk has its own lasting notice (storageFull), not a dismissable error.
    const shown = progress.error && progress.error.code !== 'NOT_FOUND' && progress.error.code !== 'STORAGE_FULL';
    const lastError = progress.state === 'error' && shown ? progress.error : this.status.lastError;
    this.setStatus({ ...this.status, syncing, failed, lastError });
  }

  private setStatus(status: SessionStatus): void {
    this.status = status;
    this.statusListeners.forEach((listener) => listener());
  }
}
