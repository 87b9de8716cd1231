/**
 * The renderer's link to the engine: stores every delta main pushes (in order, one transaction each, then
 * acknowledges it), keeps the cached account and folder lists current, and tracks sync status for the UI.
 * Components never call the network directly; they read Dexie and ask this session for work.
 */
import type { AccountSummary } from '../../shared/contract/accounts';
import type { HostInfo } from '../../shared/contract/api';
import { TernError } from '../../shared/contract/errors';
import type { SyncProgress } from '../../shared/contract/sync';
import type { TernClient } from '../../shared/ipc/createClient';
import { applyMailboxDelta } from '../cache/applyMailboxDelta';
import type { TernDb } from '../cache/db';
import { replaceAccounts } from '../cache/replaceAccounts';
import { replaceMailboxes } from '../cache/replaceMailboxes';

export interface SessionStatus {
  connected: boolean;
  syncing: SyncProgress[];
  lastError: { code: string; message: string } | null;
}

const REFRESH_INTERVAL_MS = 120_000;

export class MailSession {
  private applying: Promise<void> = Promise.resolve();
  private status: SessionStatus = { connected: true, syncing: [], lastError: null };
  private readonly statusListeners = new Set<() => void>();
  hostInfo: HostInfo | null = null;

  constructor(
    readonly client: TernClient,
    readonly db: TernDb,
  ) {
    client.on('mailboxChanged', (delta) => {
      this.applying = this.applying.then(async () => {
        await applyMailboxDelta(db, delta);
        await client.api.acknowledgeDelta({ deltaId: delta.deltaId });
      }).catch((error: unknown) => this.reportError(error));
    });
    client.on('accountsChanged', ({ accounts }) => void this.storeAccounts(accounts));
    client.on('syncProgressed', (progress) => this.trackProgress(progress));
  }

  async start(): Promise<void> {
    this.hostInfo = await this.client.api.getHostInfo({});
    await this.refreshAll();
    // Until live push (IDLE) lands, a periodic catch-up and one on regaining focus or the network keep the
    // cache close to the server without the user asking.
    setInterval(() => void this.refreshAll(), REFRESH_INTERVAL_MS);
    window.addEventListener('online', () => void this.refreshAll());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void this.refreshAll();
    });
  }

  /** The folder on screen, kept in step by the periodic refresh along with every INBOX. */
  private openFolder: { accountId: string; path: string } | null = null;

  openMailbox(accountId: string, path: string): Promise<void> {
    this.openFolder = { accountId, path };
    return this.syncMailbox(accountId, path);
  }

  private async refreshAll(): Promise<void> {
    const accounts = await this.client.api.listAccounts({});
    await this.storeAccounts(accounts);
    await Promise.all(accounts.map((account) => this.refreshAccount(account.id)));
    const open = this.openFolder;
    if (open && accounts.some((account) => account.id === open.accountId)) await this.syncMailbox(open.accountId, open.path);
  }

  /** Folder list, then INBOX: what a person expects to see first when an account comes up. */
  async refreshAccount(accountId: string): Promise<void> {
    try {
      const mailboxes = await this.client.api.listMailboxes({ accountId });
      await replaceMailboxes(this.db, accountId, mailboxes);
      const inbox = mailboxes.find((mailbox) => mailbox.specialUse === 'inbox');
      if (inbox) await this.syncMailbox(accountId, inbox.path);
    } catch (error) {
      this.reportError(error);
    }
  }

  async syncMailbox(accountId: string, path: string): Promise<void> {
    try {
      const cursor = (await this.db.cursors.get([accountId, path])) ?? null;
      await this.client.api.syncMailbox({
        accountId,
        path,
        cursor: cursor ? { uidValidity: cursor.uidValidity, uidNext: cursor.uidNext, highestModseq: cursor.highestModseq } : null,
      });
    } catch (error) {
      this.reportError(error);
    }
  }

  /** The body from the cache, or fetched once from the server and cached for offline reading. */
  async loadBody(accountId: string, path: string, uid: number): Promise<void> {
    if (await this.db.bodies.get([accountId, path, uid])) return;
    const cursor = await this.db.cursors.get([accountId, path]);
    if (!cursor) throw new TernError('NOT_FOUND', 'This folder is still syncing; try again in a moment.');
    const body = await this.client.api.fetchMessage({ accountId, path, uid, uidValidity: cursor.uidValidity });
    await this.db.bodies.put({ ...body, accountId, path, fetchedAt: Date.now() });
  }

  async removeAccount(accountId: string): Promise<void> {
    await this.client.api.removeAccount({ accountId });
    await this.storeAccounts(await this.client.api.listAccounts({}));
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
    const payload = error instanceof TernError ? error.toPayload() : { code: 'INTERNAL', message: (error as Error)?.message ?? String(error) };
    this.setStatus({ ...this.status, lastError: payload });
  }

  private async storeAccounts(accounts: AccountSummary[]): Promise<void> {
    await replaceAccounts(this.db, accounts);
  }

  private trackProgress(progress: SyncProgress): void {
    const others = this.status.syncing.filter((item) => item.accountId !== progress.accountId || item.path !== progress.path);
    const syncing = progress.state === 'syncing' ? [...others, progress] : others;
    const lastError = progress.state === 'error' && progress.error ? progress.error : this.status.lastError;
    this.setStatus({ ...this.status, syncing, lastError });
  }

  private setStatus(status: SessionStatus): void {
    this.status = status;
    this.statusListeners.forEach((listener) => listener());
  }
}
