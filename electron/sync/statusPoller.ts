/**
 * Keeps every folder fresh without selecting each one: one LIST … RETURN (STATUS …) per round, compared with
 * the round before. A folder whose status moved is reported as changed (and only it gets re-selected, by the
 * renderer's sync); a folder list that differs in any way is reported whole, so folders created, renamed or
 * deleted on another device appear, move or disappear here.
 */
import type { MailboxInfo } from '../../shared/contract/mailboxes';
import type { ListedMailbox } from '../imap/listMailboxes';
import { WakeableSleep } from './backoff';

export interface StatusPollerOptions {
  poll: () => Promise<ListedMailbox[]>;
  intervalMs: () => number;
  onMailboxes: (mailboxes: MailboxInfo[]) => void;
  onChangedPaths: (paths: string[]) => void;
  onPolled: () => void;
  onError: (error: unknown) => void;
}

export class StatusPoller {
  private previous: Map<string, string> | null = null;
  private previousList = '';
  private stopped = false;
  private readonly sleeper = new WakeableSleep();
  private running: Promise<void> | null = null;
  private pollRequested = false;

  constructor(private readonly options: StatusPollerOptions) {}

  start(): void {
    this.running ??= this.loop();
  }

  /** Poll now (woken from sleep, network back, or a caller that just changed something). */
  pollNow(): void {
    this.pollRequested = true;
    this.sleeper.wake();
  }

  /** The interval changed (push left INBOX): the next poll comes that long after the last one, not after the old wait. */
  reschedule(): void {
    this.sleeper.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.sleeper.wake();
    await this.running;
  }

  /** One round: exported for the engine's own LIST calls, so they feed the same comparison. */
  absorb(listed: ListedMailbox[]): void {
    const current = new Map(listed.map(({ info, fingerprint }) => [info.path, fingerprint]));
    const listKey = JSON.stringify(listed.map(({ info }) => info));
    if (listKey !== this.previousList) {
      this.previousList = listKey;
      this.options.onMailboxes(listed.map(({ info }) => info));
    }
    // Without a previous round (engine just started, or every poll so far failed) nothing says what changed
    // meanwhile: name every folder, and the renderer re-syncs those it holds (cheap with QRESYNC).
    const previous = this.previous;
    const changed = [...current].filter(([path, fingerprint]) => previous?.get(path) !== fingerprint).map(([path]) => path);
    if (changed.length > 0) this.options.onChangedPaths(changed);
    this.previous = current;
    this.options.onPolled();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        this.absorb(await this.options.poll());
      } catch (error) {
        if (!this.stopped) this.options.onError(error);
      }
      if (this.stopped) break;
      const polledAt = Date.now();
      this.pollRequested = false;
      for (;;) {
        const wait = polledAt + this.options.intervalMs() - Date.now();
        if (wait <= 0 || this.pollRequested || this.stopped) break;
        await this.sleeper.sleep(wait);
      }
    }
  }
}
