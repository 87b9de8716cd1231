/**
 * Keeps one connection IDLE for the whole life of the account, on the folder the user has on screen (INBOX when
 * there is none), and turns what the server pushes into "these folders changed" signals. When the watcher is on
 * another folder, INBOX is kept fresh by the status poll (AccountRuntime polls faster then).
 *
 * Following the screen: `follow` waits until the choice has stood for FOLLOW_DELAY_MS, so clicking through
 * folders makes one switch, and the switches run one at a time on the one connection (EXAMINE of the new folder;
 * imapflow ends IDLE for it and idles again after). A folder the server will not open falls back to INBOX on the
 * same connection. imapflow never reconnects, so this loop does, still following the same folder: a new client
 * per attempt, with exponential backoff and jitter, cut short by `wake()`. A wrong password or the provider's
 * connection limit stops the loop (retrying would not help) until woken.
 */
import { TernError } from '../../shared/contract/errors';
import type { ImapClient } from '../imap/imapClient';
import { watchMailbox, type MailboxWatch } from '../imap/watchMailbox';
import { backoffDelay, WakeableSleep } from './backoff';

export type WatcherState =
  | { state: 'connecting' }
  | { state: 'online'; capabilities: string[] }
  | { state: 'offline'; error: TernError; retryAt: number }
  | { state: 'limited'; error: TernError }
  | { state: 'error'; error: TernError };

export const INBOX = 'INBOX';

/** INBOX is case-insensitive (RFC 3501 5.1); every other name is compared as the server spells it. */
export function isInbox(path: string): boolean {
  return path.toUpperCase() === INBOX;
}

function sameFolder(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && (a === b || (isInbox(a) && isInbox(b)));
}

/** Long enough to skip the folders a user clicks through, short enough that the one they stay on is watched at once. */
export const FOLLOW_DELAY_MS = 300;
/** A folder change of ours waits at most this long for the watcher to step out of the folder. */
const LEAVE_TIMEOUT_MS = 5_000;

export interface FolderWatcherOptions {
  open: () => Promise<ImapClient>;
  /** These folders changed (pushed), or the watcher just started watching them and may have missed changes. */
  onChange: (paths: string[]) => void;
  onState: (state: WatcherState) => void;
  /** The server refused to open the followed folder: the watcher went back to INBOX on the same connection. */
  onFallback?: (path: string, error: unknown) => void;
  describe: (error: unknown) => TernError;
  /** The folder to watch from the first connection on; INBOX by default. */
  initialPath?: string | null;
  /** Coalesces bursts of pushed changes (a multi-message expunge) into one signal. */
  debounceMs?: number;
  followDelayMs?: number;
}

/** A session the server asked to replace is replaced at once, but not more often than this. */
const QUICK_RECONNECT_EVERY_MS = 30_000;

export class FolderWatcher {
  private stopped = false;
  private client: ImapClient | null = null;
  private readonly sleeper = new WakeableSleep();
  private running: Promise<void> | null = null;
  /** The folder to watch, once the user's choice has stood for the follow delay. */
  private target: string;
  private followTimer: ReturnType<typeof setTimeout> | null = null;
  /** The folder the connection has selected (null while connecting or switching). */
  private watching: string | null = null;
  /** When the server last asked for a new session and got one at once (see `loop`). */
  private lastQuickReconnect = Number.NEGATIVE_INFINITY;
  /** The target the server refused to open: not asked again until the target changes or `resume()`. */
  private refused: string | null = null;
  /** A folder we are about to rename or delete: the watcher stays out of it meanwhile (see `leave`). */
  private held: string | null = null;
  private switching = false;
  /** The folder watched may be gone (missing from a folder listing): EXAMINE it again (see `listed`). */
  private recheck = false;
  private readonly asks = new Set<Promise<unknown>>();
  /** Wakes the follow loop: the target or the hold changed, the connection closed, or the watcher stops. */
  private retarget: () => void = () => {};
  private settledWaiters: (() => void)[] = [];
  private readonly pendingChanges = new Set<string>();
  private changeTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: FolderWatcherOptions) {
    this.target = normalize(options.initialPath ?? null);
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Reconnect now: ends a backoff wait, or restarts a loop that stopped on an error. */
  wake(): void {
    if (this.stopped) return;
    this.sleeper.wake();
    if (!this.running) this.start();
  }

  /** Watch `path` (null: INBOX) once no other choice has come for the follow delay. */
  follow(path: string | null): void {
    const next = normalize(path);
    if (this.followTimer) clearTimeout(this.followTimer);
    this.followTimer = setTimeout(() => {
      this.followTimer = null;
      this.target = next;
      this.refused = null;
      this.retarget();
    }, this.options.followDelayMs ?? FOLLOW_DELAY_MS);
  }

  /**
   * Steps out of `path` and every folder whose name starts with it (its subfolders), into INBOX, before we rename
   * or delete it: Dovecot ends a session whose selected mailbox is renamed or deleted. Until `resume()`.
   */
  async leave(path: string): Promise<void> {
    this.held = path;
    this.retarget();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.settled(), new Promise<void>((resolve) => (timer = setTimeout(resolve, LEAVE_TIMEOUT_MS)))]);
    clearTimeout(timer);
  }

  /**
   * The folders a listing (the status poll) just found. A followed folder missing from it was deleted or renamed
   * on another device: Dovecot ends the session that has it selected, but Cyrus says nothing to a session idling
   * in it, and push would stay on a folder that is gone. It is opened again, so a folder that is really gone
   * falls back to INBOX (and one the listing missed by a race stays watched).
   */
  listed(paths: string[]): void {
    if (this.stopped || isInbox(this.target) || paths.includes(this.target) || !sameFolder(this.watching, this.target)) return;
    this.recheck = true;
    this.retarget();
  }

  /** The folder change is done: follow the target again (or fall back to INBOX if it is gone now). */
  resume(): void {
    this.held = null;
    this.refused = null;
    this.retarget();
  }

  /**
   * Runs a short job on the watching connection when it is up and has `path` selected (null otherwise). Its view
   * of the folder is current (IDLE); imapflow ends IDLE for the job and takes it up again after.
   */
  async ask<T>(path: string, job: (client: ImapClient) => Promise<T>): Promise<T | null> {
    const client = this.client;
    if (!client?.usable || this.switching || !sameFolder(this.watching, path)) return null;
    const run = job(client);
    const settled = run.catch(() => undefined);
    this.asks.add(settled);
    try {
      return await run;
    } finally {
      this.asks.delete(settled);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.followTimer) clearTimeout(this.followTimer);
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.sleeper.wake();
    this.retarget();
    this.client?.close();
    await this.running;
  }

  /** The folder to be on now: the target, unless a folder change of ours holds it. */
  private wanted(): string {
    return this.held !== null && this.target.startsWith(this.held) ? INBOX : this.target;
  }

  private inPlace(): boolean {
    const wanted = this.wanted();
    return !this.switching && !this.recheck && (sameFolder(wanted, this.watching) || (wanted === this.refused && sameFolder(this.watching, INBOX)));
  }

  private settled(): Promise<void> {
    if (this.stopped || !this.client || this.inPlace()) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  private flushSettled(): void {
    const waiters = this.settledWaiters;
    this.settledWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private changed(path: string): void {
    if (this.stopped) return;
    this.pendingChanges.add(normalize(path));
    this.changeTimer ??= setTimeout(() => {
      this.changeTimer = null;
      const paths = [...this.pendingChanges];
      this.pendingChanges.clear();
      if (!this.stopped) this.options.onChange(paths);
    }, this.options.debounceMs ?? 50);
  }

  private async loop(): Promise<void> {
    let attempt = 0;
    try {
      while (!this.stopped) {
        this.options.onState({ state: 'connecting' });
        let error: TernError;
        let client: ImapClient | null = null;
        let reconnectAsked = false;
        try {
          client = await this.options.open();
          this.client = client;
          if (this.stopped) break;
          const watch = watchMailbox(client, (path) => this.changed(path));
          try {
            await this.switchTo(client, watch, this.wanted());
            attempt = 0;
            this.options.onState({ state: 'online', capabilities: [...client.capabilities.keys()] });
            // Pushes for INBOX may have been missed while we were away, whichever folder we watch now.
            this.changed(INBOX);
            await this.keepFollowing(client, watch);
            // The server asked for a new session (Dovecot does when the followed folder is deleted on another
            // device). Nothing is wrong with the link: straight back without going offline; a folder that is
            // gone is then refused by the new session's EXAMINE, and the watch falls back to INBOX.
            reconnectAsked = watch.endedAskingToReconnect();
          } finally {
            watch.end();
          }
          if (this.stopped) break;
          error = new TernError('DISCONNECTED', 'The connection to the server was lost.');
        } catch (cause) {
          error = this.options.describe(cause);
        } finally {
          client?.close();
          this.client = null;
          this.watching = null;
          this.flushSettled();
        }
        if (this.stopped) break;
        // Retrying cannot fix a refused password or a revoked sign-in: wait for the user.
        if (error.code === 'AUTH_FAILED' || error.code === 'REAUTH_REQUIRED') {
          this.options.onState({ state: 'error', error });
          break;
        }
        if (error.code === 'CONNECTION_LIMIT') {
          this.options.onState({ state: 'limited', error });
          break;
        }
        // At most once per QUICK_RECONNECT_EVERY_MS: a server that keeps asking is waited for like any lost link.
        if (reconnectAsked && Date.now() - this.lastQuickReconnect >= QUICK_RECONNECT_EVERY_MS) {
          this.lastQuickReconnect = Date.now();
          continue;
        }
        const delay = backoffDelay(attempt++);
        this.options.onState({ state: 'offline', error, retryAt: Date.now() + delay });
        await this.sleeper.sleep(delay);
      }
    } finally {
      this.running = null;
    }
  }

  /** Moves the watch whenever the wanted folder changes, until the connection closes or the watcher stops. */
  private async keepFollowing(client: ImapClient, watch: MailboxWatch): Promise<void> {
    let closed = false;
    void watch.closed.then(() => {
      closed = true;
      this.retarget();
    });
    while (!this.stopped && !closed) {
      if (!this.inPlace()) {
        await this.switchTo(client, watch, this.wanted());
        continue;
      }
      this.flushSettled();
      await new Promise<void>((resolve) => (this.retarget = resolve));
    }
  }

  private async switchTo(client: ImapClient, watch: MailboxWatch, path: string): Promise<void> {
    this.switching = true;
    this.recheck = false;
    try {
      await Promise.all(this.asks);
      this.watching = null;
      try {
        await watch.switchTo(path);
        this.watching = path;
      } catch (error) {
        // A lost connection, or an INBOX refused, is the reconnect loop's; a folder the server will not open
        // (deleted meanwhile, \Noselect) is no reason to give up push: INBOX instead, on the same connection.
        if (!client.usable || isInbox(path)) throw error;
        this.refused = path;
        this.options.onFallback?.(path, error);
        await watch.switchTo(INBOX);
        this.watching = INBOX;
      }
      // Nothing listened between the renderer's last sync of this folder and this EXAMINE: one catch-up.
      this.changed(this.watching);
    } finally {
      this.switching = false;
    }
  }
}

function normalize(path: string | null): string {
  return path === null || isInbox(path) ? INBOX : path;
}
