/**
 * Keeps one connection IDLE on INBOX for the whole life of the account and turns what the server pushes into
 * a "this folder changed" signal. imapflow never reconnects, so this loop does: a new client per attempt, with
 * exponential backoff and jitter, cut short by `wake()` (network back, machine resumed). A wrong password or
 * the provider's connection limit stops the loop (retrying would not help) until woken.
 */
import { TernError } from '../../shared/contract/errors';
import type { ImapClient } from '../imap/imapClient';
import { watchMailbox } from '../imap/watchMailbox';
import { backoffDelay, WakeableSleep } from './backoff';

export type WatcherState =
  | { state: 'connecting' }
  | { state: 'online'; capabilities: string[] }
  | { state: 'offline'; error: TernError; retryAt: number }
  | { state: 'limited'; error: TernError }
  | { state: 'error'; error: TernError };

export interface InboxWatcherOptions {
  open: () => Promise<ImapClient>;
  /** The INBOX changed, or we just (re)connected and may have missed changes. */
  onChange: () => void;
  onState: (state: WatcherState) => void;
  describe: (error: unknown) => TernError;
  /** Coalesces bursts of pushed changes (a multi-message expunge) into one signal. */
  debounceMs?: number;
}

export class InboxWatcher {
  private stopped = false;
  private client: ImapClient | null = null;
  private readonly sleeper = new WakeableSleep();
  private running: Promise<void> | null = null;

  constructor(private readonly options: InboxWatcherOptions) {}

  start(): void {
    this.running ??= this.loop();
  }

  /** Reconnect now: ends a backoff wait, or restarts a loop that stopped on an error. */
  wake(): void {
    if (this.stopped) return;
    this.sleeper.wake();
    if (!this.running) this.start();
  }

  /**
   * Runs a short job on the watching connection when it is up and has `path` selected (null otherwise). Its view
   * of the folder is current (IDLE); imapflow ends IDLE for the job and takes it up again after.
   */
  async ask<T>(path: string, job: (client: ImapClient) => Promise<T>): Promise<T | null> {
    const client = this.client;
    const mailbox = client?.usable ? client.mailbox : false;
    if (!client || !mailbox || mailbox.path !== path) return null;
    return job(client);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.sleeper.wake();
    this.client?.close();
    await this.running;
  }

  private async loop(): Promise<void> {
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const changed = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        if (!this.stopped) this.options.onChange();
      }, this.options.debounceMs ?? 50);
    };
    try {
      while (!this.stopped) {
        this.options.onState({ state: 'connecting' });
        let error: TernError;
        try {
          const client = await this.options.open();
          this.client = client;
          if (this.stopped) {
            client.close();
            break;
          }
          const watching = watchMailbox(client, 'INBOX', changed);
          // Opened and idling: whatever happened while we were away is worth one catch-up.
          attempt = 0;
          this.options.onState({ state: 'online', capabilities: [...client.capabilities.keys()] });
          changed();
          await watching;
          if (this.stopped) break;
          error = new TernError('DISCONNECTED', 'The connection to the server was lost.');
        } catch (cause) {
          error = this.options.describe(cause);
        } finally {
          this.client = null;
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
        const delay = backoffDelay(attempt++);
        this.options.onState({ state: 'offline', error, retryAt: Date.now() + delay });
        await this.sleeper.sleep(delay);
      }
    } finally {
      if (timer) clearTimeout(timer);
      this.running = null;
    }
  }
}
