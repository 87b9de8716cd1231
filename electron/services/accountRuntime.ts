/**
 * The live side of one account, within its connection budget (3): a watcher IDLE on INBOX, a sync lane for
 * folder syncs (which hold a selected mailbox while the renderer stores each batch), and an interactive lane
 * for short commands (LIST-STATUS polls, message bodies), so opening a message never waits behind a long
 * initial sync. Each account is independent: one account's outage never touches another's.
 */
import type { AccountStatus, AccountSummary } from '../../shared/contract/accounts';
import type { TernEvents } from '../../shared/contract/api';
import { TernError } from '../../shared/contract/errors';
import { openImapClient, type ConnectionRole, type ImapClient, type ImapTimeouts } from '../imap/imapClient';
import { listMailboxes } from '../imap/listMailboxes';
import type { AccountCredentials } from '../accounts/oauth/accountCredentials';
import { ConnectionLane } from '../sync/connectionLane';
import { InboxWatcher, type WatcherState } from '../sync/inboxWatcher';
import { StatusPoller } from '../sync/statusPoller';
import { describeConnectionError, recognizeConnectionError } from './describeConnectionError';
import type { Logger } from './logger';

export interface RuntimeContext {
  credentials: AccountCredentials;
  log: Logger;
  broadcast: <E extends keyof TernEvents>(name: E, payload: TernEvents[E]) => void;
  pollIntervalMs: number;
  timeouts?: ImapTimeouts;
}

export class AccountRuntime {
  readonly sync: ConnectionLane;
  private readonly interactive: ConnectionLane;
  private interactiveRefused = false;
  private readonly watcher: InboxWatcher;
  private readonly poller: StatusPoller;
  private status: AccountStatus;

  constructor(
    readonly account: AccountSummary,
    private readonly context: RuntimeContext,
  ) {
    const connect = async (role: ConnectionRole, fresh: boolean): Promise<ImapClient> => {
      const password = await context.credentials.secretFor(account, fresh);
      return openImapClient({ server: account.imap, password, log: context.log, role, ...(context.timeouts ? { timeouts: context.timeouts } : {}) });
    };
    const open = (role: ConnectionRole) => async (): Promise<ImapClient> => {
      try {
        return await connect(role, false);
      } catch (error) {
        // An access token can be refused before its announced expiry (revoked, clock skew): refresh once and retry.
        if (!account.oauth2 || this.describe(error).code !== 'AUTH_FAILED') throw error;
        context.log.info('access token refused: refreshing', { accountId: account.id });
        return connect(role, true);
      }
    };
    // The sync lane is the one the account cannot do without: when the provider refuses it a connection, the
    // push connection gives way first (polling takes over), then the separate command lane.
    this.sync = new ConnectionLane(async () => {
      for (;;) {
        try {
          return await open('sync')();
        } catch (error) {
          if (this.describe(error).code !== 'CONNECTION_LIMIT' || !(await this.shrinkBudget())) throw error;
        }
      }
    });
    this.interactive = new ConnectionLane(open('work'));
    this.status = { accountId: account.id, state: 'connecting', error: null, retryAt: null, capabilities: [], lastSyncedAt: null };

    this.watcher = new InboxWatcher({
      open: open('watch'),
      onChange: () => context.broadcast('serverMailboxesChanged', { accountId: account.id, paths: ['INBOX'] }),
      onState: (state) => this.watcherState(state),
      describe: (error) => this.describe(error),
    });
    this.poller = new StatusPoller({
      poll: () => this.runInteractive((client) => listMailboxes(client, account.id)),
      // Without push (no IDLE connection allowed), polling is the only way to hear of new mail: poll faster.
      intervalMs: () => (this.status.state === 'limited' ? Math.min(context.pollIntervalMs, 15_000) : context.pollIntervalMs),
      onMailboxes: (mailboxes) => context.broadcast('mailboxesChanged', { accountId: account.id, mailboxes }),
      onChangedPaths: (paths) => context.broadcast('serverMailboxesChanged', { accountId: account.id, paths }),
      onPolled: () => this.setStatus({ lastSyncedAt: Date.now() }),
      onError: (error) => context.log.warn('status poll failed', { accountId: account.id, reason: this.describe(error).message }),
    });
  }

  start(): void {
    this.watcher.start();
    this.poller.start();
  }

  /** Network back, machine resumed, or the user asked: reconnect and look at every folder now. */
  wake(): void {
    this.watcher.wake();
    this.poller.pollNow();
  }

  getStatus(): AccountStatus {
    return structuredClone(this.status);
  }

  /** Short commands; on a provider that refused the third connection, they share the sync lane instead. */
  async runInteractive<T>(job: (client: ImapClient) => Promise<T>): Promise<T> {
    try {
      if (this.interactiveRefused) return await this.sync.run(job);
      try {
        return await this.interactive.run(job);
      } catch (error) {
        if (this.describe(error).code !== 'CONNECTION_LIMIT') throw error;
        this.context.log.warn('connection limit reached: sharing one connection for syncs and commands', { accountId: this.account.id });
        this.interactiveRefused = true;
        await this.interactive.close();
        return await this.sync.run(job);
      }
    } catch (error) {
      // A lost or misbehaving connection is named as such (the UI would otherwise say "internal error");
      // anything else, such as a refused command, stays as thrown.
      throw this.recognize(error) ?? error;
    }
  }

  /** Feeds a listing made for the renderer into the poll comparison, so the next poll does not report it again. */
  absorbListing(listed: Parameters<StatusPoller['absorb']>[0]): void {
    this.poller.absorb(listed);
  }

  describe(error: unknown): TernError {
    const { imap } = this.account;
    return describeConnectionError(error, { protocol: 'IMAP', host: imap.host, port: imap.port, username: imap.username });
  }

  private recognize(error: unknown): TernError | null {
    const { imap } = this.account;
    return recognizeConnectionError(error, { protocol: 'IMAP', host: imap.host, port: imap.port, username: imap.username });
  }

  async close(): Promise<void> {
    await Promise.all([this.watcher.stop(), this.poller.stop(), this.sync.close(), this.interactive.close()]);
  }

  /** Gives up one connection so a more important one can open; false when nothing is left to give. */
  private async shrinkBudget(): Promise<boolean> {
    if (this.status.state !== 'limited') {
      this.context.log.warn('connection limit reached: push gives way to polling', { accountId: this.account.id });
      await this.watcher.stop();
      this.watcherState({ state: 'limited', error: new TernError('CONNECTION_LIMIT', 'The server refused another connection.') });
      return true;
    }
    if (!this.interactiveRefused) {
      this.context.log.warn('connection limit reached: one connection for syncs and commands', { accountId: this.account.id });
      this.interactiveRefused = true;
      await this.interactive.close();
      return true;
    }
    return false;
  }

  private watcherState(state: WatcherState): void {
    switch (state.state) {
      case 'connecting':
        return this.setStatus({ state: this.status.state === 'online' ? 'online' : 'connecting', retryAt: null });
      case 'online':
        return this.setStatus({ state: 'online', error: null, retryAt: null, capabilities: state.capabilities });
      case 'offline':
        return this.setStatus({ state: 'offline', error: state.error.toPayload(), retryAt: state.retryAt });
      case 'limited':
        this.poller.pollNow();
        return this.setStatus({ state: 'limited', error: state.error.toPayload(), retryAt: null });
      case 'error':
        return this.setStatus({ state: 'error', error: state.error.toPayload(), retryAt: null });
    }
  }

  private setStatus(change: Partial<AccountStatus>): void {
    this.status = { ...this.status, ...change };
    this.context.broadcast('accountStatusChanged', this.getStatus());
  }
}
