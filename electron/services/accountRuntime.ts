/**
 * The live side of one account, within its connection budget (3 unless the user chose otherwise): a watcher
 * IDLE on the folder on screen (INBOX when the screen shows none of this account's), a sync lane for folder syncs (which hold a selected mailbox while the renderer stores each
 * batch), and an interactive lane for short commands (LIST-STATUS polls, message bodies), so opening a message
 * never waits behind a long initial sync. Each account is independent: one account's outage never touches
 * another's.
 *
 * A smaller budget merges lanes: with 2, commands share the sync lane; with 1, push is off too and polling
 * (faster) brings new mail. A provider that refuses a connection shrinks the pool the same way at run time;
 * the lost connections are tried again later (PUSH_RETRY_MS, doubling up to an hour), so push comes back
 * once the user's other devices let go of theirs, without a reconnect storm. When it is this account's own
 * command lane that holds the connection push needs, that lane gives way instead (commands share the sync
 * lane, the shape of a budget of 2). While push is off, the status's retryAt says when it is tried again.
 */
import { DEFAULT_CONNECTION_BUDGET, type AccountStatus, type AccountSummary } from '../../shared/contract/accounts';
import type { MailboxCursor } from '../../shared/contract/sync';
import type { TernEvents } from '../../shared/contract/api';
import { TernError } from '../../shared/contract/errors';
import { openImapClient, type ConnectionRole, type ImapClient, type ImapTimeouts } from '../imap/imapClient';
import { folderUnchanged } from '../imap/folderUnchanged';
import { listMailboxes, type ListedMailbox } from '../imap/listMailboxes';
import type { AccountCredentials } from '../accounts/oauth/accountCredentials';
import { ConnectionLane } from '../sync/connectionLane';
import { FolderWatcher, isInbox, type WatcherState } from '../sync/folderWatcher';
import { StatusPoller } from '../sync/statusPoller';
import { describeConnectionError, recognizeConnectionError } from './describeConnectionError';
import type { Logger } from './logger';

export interface RuntimeContext {
  credentials: AccountCredentials;
  log: Logger;
  broadcast: <E extends keyof TernEvents>(name: E, payload: TernEvents[E]) => void;
  pollIntervalMs: number;
  timeouts?: ImapTimeouts;
  /** The first wait before a connection the provider refused is tried again. */
  pushRetryMs?: number;
  /** The folder of this account on screen when the runtime starts (null: none): the watcher starts on it. */
  folderOnScreen?: string | null;
}

const PUSH_RETRY_MS = 5 * 60_000;
const PUSH_RETRY_MAX_MS = 60 * 60_000;
/** Push tried again after its own command lane let go of a connection: once the server has counted it gone. */
const PUSH_AFTER_OWN_LANE_MS = 1_000;
/**
 * Without push, the folder list is polled at least this often. So it is while the watcher follows a folder other
 * than INBOX: new mail in INBOX then shows within 15 s (leaving INBOX reschedules the poll already waiting).
 */
const POLL_WITHOUT_PUSH_MS = 15_000;
/** After giving up a connection, a refusal within this long is retried (RELEASE_SETTLE_TRIES times, 0.2 s doubling). */
const RELEASE_SETTLE_MS = 5_000;
const RELEASE_SETTLE_TRIES = 4;

export class AccountRuntime {
  readonly sync: ConnectionLane;
  private interactive: ConnectionLane;
  /** Commands run on the sync lane: the budget has no room for their own connection, or the provider refused it. */
  private interactiveRefused: boolean;
  private watcher: FolderWatcher;
  /** The folder of this account on screen (null: none), which the watcher follows, kept for a watcher made anew. */
  private folderOnScreen: string | null = null;
  /** Push is off for now because the provider refused its connection (not because of the user's budget). */
  private pushRefused = false;
  /** When shrinkBudget last gave up a connection (0: never). */
  private releasedAt = 0;
  private readonly poller: StatusPoller;
  private status: AccountStatus;
  private readonly budget: number;
  private readonly openWork: () => Promise<ImapClient>;
  private readonly newWatcher: () => FolderWatcher;
  private growBackTimer: ReturnType<typeof setTimeout> | null = null;
  /** When growBackTimer fires (epoch ms): the account's retryAt while push is off for a connection limit. */
  private growBackAt: number | null = null;
  private growBackAttempts = 0;
  private closed = false;
  /** Each folder's UIDVALIDITY in the last folder listing. */
  private listedValidity = new Map<string, string>();

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
      let settleWaits = 0;
      for (;;) {
        try {
          return await open('sync')();
        } catch (error) {
          if (this.describe(error).code !== 'CONNECTION_LIMIT') throw error;
          // A connection just given up still counts on the server for a moment (it hears of the close a round
          // trip later; Dovecot's anvil after the imap process ends): wait for that before giving up another
          // connection, or failing the sync.
          if (Date.now() - this.releasedAt < RELEASE_SETTLE_MS && settleWaits < RELEASE_SETTLE_TRIES) {
            await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** settleWaits++));
            continue;
          }
          if (!(await this.shrinkBudget())) throw error;
          settleWaits = 0;
        }
      }
    });
    this.budget = account.maxConnections ?? DEFAULT_CONNECTION_BUDGET;
    this.openWork = open('work');
    this.interactive = new ConnectionLane(this.openWork);
    this.interactiveRefused = this.budget < 3;
    this.folderOnScreen = context.folderOnScreen ?? null;
    this.status = { accountId: account.id, state: 'connecting', error: null, retryAt: null, capabilities: [], lastSyncedAt: null };

    this.newWatcher = () =>
      new FolderWatcher({
        open: open('watch'),
        initialPath: this.folderOnScreen,
        onChange: (paths) => context.broadcast('serverMailboxesChanged', { accountId: account.id, paths }),
        onState: (state) => this.watcherState(state),
        onFallback: (path, error) => context.log.info('push falls back to INBOX: the folder on screen cannot be opened', { accountId: account.id, reason: this.describe(error).message }),
        describe: (error) => this.describe(error),
      });
    this.watcher = this.newWatcher();
    this.poller = new StatusPoller({
      poll: () =>
        this.runInteractive(async (client) => {
          // On a lane shared with syncs a folder may still be selected, and Dovecot answers STATUS for it from the
          // session's view, which moves only when the session looks: a NOOP first, or its news would be missed.
          if (client.mailbox) await client.noop();
          return this.rememberValidity(await listMailboxes(client, account.id));
        }),
      // Without push on INBOX (no IDLE connection allowed, or the watcher follows another folder), polling is the
      // only way to hear of new mail there: poll faster.
      intervalMs: () => (this.pushOn && this.pushCoversInbox() ? context.pollIntervalMs : Math.min(context.pollIntervalMs, POLL_WITHOUT_PUSH_MS)),
      onMailboxes: (mailboxes) => {
        this.watcher.listed(mailboxes.map((mailbox) => mailbox.path));
        context.broadcast('mailboxesChanged', { accountId: account.id, mailboxes });
      },
      onChangedPaths: (paths) => context.broadcast('serverMailboxesChanged', { accountId: account.id, paths }),
      onPolled: () => this.polled(null),
      onError: (error) => this.polled(error),
    });
  }

  /** Whether a watcher connection is allowed at all (the user's budget and the provider's refusals). */
  private get pushOn(): boolean {
    return this.budget >= 2 && !this.pushRefused;
  }

  start(): void {
    if (this.budget >= 2) this.watcher.start();
    this.poller.start();
  }

  /** Network back, machine resumed, or the user asked: reconnect and look at every folder now. */
  wake(): void {
    if (this.pushOn) this.watcher.wake();
    this.poller.pollNow();
  }

  /** The folder of this account on screen, or null: the watcher follows it (INBOX for null). */
  followFolder(path: string | null): void {
    this.folderOnScreen = path;
    this.watcher.follow(path);
    // Leaving INBOX takes its push away: the poll that stands in for it comes within POLL_WITHOUT_PUSH_MS of the
    // last one, not after the wait already begun.
    this.poller.reschedule();
  }

  /** Whether the watcher is on INBOX or about to be (the folder on screen is it, or none is). */
  private pushCoversInbox(): boolean {
    return this.folderOnScreen === null || isInbox(this.folderOnScreen);
  }

  /**
   * Runs a change that renames or deletes `path` (and its subfolders) with the watcher stepped out of it first:
   * Dovecot ends a session whose selected mailbox is renamed or deleted, and push would be down until it reconnects.
   */
  async changingFolder<T>(path: string, change: () => Promise<T>): Promise<T> {
    if (this.pushOn) await this.watcher.leave(path);
    try {
      return await change();
    } finally {
      this.watcher.resume();
    }
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
        this.scheduleGrowBack();
        return await this.sync.run(job);
      }
    } catch (error) {
      // A lost or misbehaving connection is named as such (the UI would otherwise say "internal error");
      // anything else, such as a refused command, stays as thrown.
      throw this.recognize(error) ?? error;
    }
  }

  /**
   * Whether a folder is unchanged since a cursor, asked only where the answer comes at once (false otherwise):
   * on a connection that has that folder selected — the sync connection when it is free, or the IDLE watcher
   * for the folder it follows — whose session answers in a millisecond or two; else on the command connection when it is
   * separate and free (a STATUS there makes Dovecot open the folder: ~70 ms at 100k messages).
   *
   * A session that has the folder selected may not see it deleted and made again elsewhere (Dovecot keeps
   * answering from the old one), so the answer is trusted only while the last folder listing, a fresh look,
   * names the cursor's UIDVALIDITY: a rebuilt folder is caught by the next poll at the latest.
   */
  async unchangedSince(path: string, cursor: MailboxCursor): Promise<boolean> {
    if (this.listedValidity.get(path) !== cursor.uidValidity) return false;
    if (this.sync.idle && this.sync.selectedPath === path) return this.sync.run((client) => folderUnchanged(client, path, cursor));
    const watched = this.pushOn ? await this.watcher.ask(path, (client) => folderUnchanged(client, path, cursor)) : null;
    if (watched !== null) return watched;
    if (this.interactiveRefused || !this.interactive.idle) return false;
    return this.runInteractive((client) => folderUnchanged(client, path, cursor));
  }

  /** Feeds a listing made for the renderer into the poll comparison, so the next poll does not report it again. */
  absorbListing(listed: ListedMailbox[]): void {
    this.rememberValidity(listed);
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
    this.closed = true;
    if (this.growBackTimer) clearTimeout(this.growBackTimer);
    await Promise.all([this.watcher.stop(), this.poller.stop(), this.sync.close(), this.interactive.close()]);
  }

  /** Gives up one connection so a more important one can open; false when nothing is left to give. */
  private async shrinkBudget(): Promise<boolean> {
    if (this.pushOn) {
      this.context.log.warn('connection limit reached: push gives way to polling', { accountId: this.account.id });
      this.pushRefused = true;
      await this.watcher.stop();
      this.releasedAt = Date.now();
      this.watcherState({ state: 'limited', error: new TernError('CONNECTION_LIMIT', 'The server refused another connection.') });
      return true;
    }
    if (!this.interactiveRefused) {
      this.context.log.warn('connection limit reached: one connection for syncs and commands', { accountId: this.account.id });
      this.interactiveRefused = true;
      await this.interactive.close();
      this.releasedAt = Date.now();
      this.scheduleGrowBack();
      return true;
    }
    return false;
  }

  /**
   * Later, tries again the connections a provider refused: the limit is usually shared with the user's other
   * devices, which come and go. A refusal again shrinks the pool again and doubles the wait.
   */
  private scheduleGrowBack(soon = false): void {
    if (this.closed) return;
    if (this.growBackTimer) {
      if (!soon) return;
      clearTimeout(this.growBackTimer);
    }
    const delay = soon ? PUSH_AFTER_OWN_LANE_MS : Math.min(PUSH_RETRY_MAX_MS, (this.context.pushRetryMs ?? PUSH_RETRY_MS) * 2 ** this.growBackAttempts++);
    this.growBackAt = Date.now() + delay;
    this.growBackTimer = setTimeout(() => {
      this.growBackTimer = null;
      this.growBackAt = null;
      if (this.closed) return;
      if (!soon && this.interactiveRefused && this.budget >= 3) {
        this.interactive = new ConnectionLane(this.openWork);
        this.interactiveRefused = false;
      }
      if (this.pushRefused && this.budget >= 2) {
        this.context.log.info('trying push again after a connection limit', { accountId: this.account.id });
        this.pushRefused = false;
        this.watcher = this.newWatcher();
        this.watcher.start();
      }
      // The command lane given up for push comes back on the usual schedule, not alongside it.
      if (soon && this.interactiveRefused && this.budget >= 3) this.scheduleGrowBack();
    }, delay);
    this.growBackTimer.unref?.();
  }

  private rememberValidity(listed: ListedMailbox[]): ListedMailbox[] {
    this.listedValidity = new Map(listed.flatMap(({ info, uidValidity }) => (uidValidity === null ? [] : [[info.path, uidValidity] as const])));
    return listed;
  }

  /** With push off by the user's budget, polls are what tell whether the account is reachable. */
  private polled(error: unknown): void {
    if (error !== null) this.context.log.warn('status poll failed', { accountId: this.account.id, reason: this.describe(error).message });
    if (this.budget >= 2) {
      if (error === null) this.setStatus({ lastSyncedAt: Date.now() });
      return;
    }
    if (error === null) {
      const note = new TernError('CONNECTION_BUDGET', 'Push is off: this account may use one connection (Account settings). New mail is checked every 15 s.');
      this.setStatus({ state: 'limited', error: note.toPayload(), retryAt: null, lastSyncedAt: Date.now() });
      return;
    }
    const reason = this.describe(error);
    const stuck = reason.code === 'AUTH_FAILED' || reason.code === 'REAUTH_REQUIRED';
    this.setStatus({ state: stuck ? 'error' : 'offline', error: reason.toPayload(), retryAt: stuck ? null : Date.now() + POLL_WITHOUT_PUSH_MS });
  }

  private watcherState(state: WatcherState): void {
    switch (state.state) {
      case 'connecting':
        return this.setStatus({ state: this.status.state === 'online' ? 'online' : 'connecting', retryAt: null });
      case 'online':
        this.growBackAttempts = 0;
        return this.setStatus({ state: 'online', error: null, retryAt: null, capabilities: state.capabilities });
      case 'offline':
        return this.setStatus({ state: 'offline', error: state.error.toPayload(), retryAt: state.retryAt });
      case 'limited': {
        this.pushRefused = true;
        // The connection push needs may be held by this account's own command lane (it took the one another
        // device let go of). Push is worth more than a lane of its own for commands: those share the sync lane,
        // as with a budget of 2, and push is tried again once the server has counted that connection gone. A
        // lane in the middle of a command is left alone (closing it would fail the command); the next refusal
        // of push looks again.
        const ownLane = !this.interactiveRefused && this.interactive.idle && this.interactive.connected;
        if (ownLane) {
          this.context.log.warn('connection limit reached: commands share the sync lane so that push keeps a connection', { accountId: this.account.id });
          this.interactiveRefused = true;
          void this.interactive.close();
          this.releasedAt = Date.now();
        }
        this.scheduleGrowBack(ownLane);
        this.poller.pollNow();
        return this.setStatus({ state: 'limited', error: state.error.toPayload(), retryAt: this.growBackAt });
      }
      case 'error':
        return this.setStatus({ state: 'error', error: state.error.toPayload(), retryAt: null });
    }
  }

  private setStatus(change: Partial<AccountStatus>): void {
    this.status = { ...this.status, ...change };
    this.context.broadcast('accountStatusChanged', this.getStatus());
  }
}
