/**
 * The durable outbox. Send writes the message to IndexedDB first (state `waiting`, for the undo delay), so
 * it survives a closed window, a crash or a night offline; then it is handed to main, one message of an
 * account at a time. Sent: the row is deleted. "Retry later" (offline, unreachable, a 4xx answer): it stays
 * `queued` with a growing delay, and goes at once when the account comes back online. Refused: it stays
 * `failed` with the reason, for the user to edit or discard — nothing is ever dropped silently.
 *
 * Exactly once: every row carries the Message-ID made when Send was pressed, and main remembers the ones
 * it has sent. A row found `sending` after a restart (the window died mid-send) is simply sent again: main
 * answers "already sent" if it went out, or joins the attempt still running.
 */
import { liveQuery } from 'dexie';
import type { OutgoingMessage, SendOutcome } from '../../shared/contract/compose';
import { TernError } from '../../shared/contract/errors';
import type { TernClient } from '../../shared/ipc/createClient';
import type { OutboxRow, TernDb } from '../cache/db';
import { whenStorageFull } from '../cache/storageFull';

/** The composer stays open with the message: nothing is lost, it just was not queued. */
const NOT_QUEUED = 'Tern could not queue this message: the disk (or browser storage) is full. It was not sent; free some space and send it again.';

export const UNDO_DELAY_MS = 5_000;
/** Waits before each retry after a temporary failure; the last one repeats. */
export const RETRY_DELAYS_MS = [5_000, 15_000, 30_000, 60_000, 120_000, 300_000];

/** Errors thrown by the call itself that mean "not now": the message stays queued. Others mark it failed. */
const TRANSIENT = new Set(['HOST_UNREACHABLE', 'HOST_NOT_FOUND', 'TIMEOUT', 'DISCONNECTED', 'CONNECTION_LIMIT', 'TLS_FAILED']);

/** What the outbox needs of the session: follow the folders a send changed, and tell the user. */
export interface OutboxHost {
  syncMailbox(accountId: string, path: string): Promise<void>;
  reportError(error: unknown): void;
}

export interface OutboxOptions {
  undoDelayMs?: number;
  retryDelaysMs?: number[];
  now?: () => number;
}

export class Outbox {
  readonly undoDelayMs: number;
  private readonly retryDelaysMs: number[];
  private readonly now: () => number;
  private readonly draining = new Map<string, Promise<void>>();
  private readonly online = new Map<string, boolean>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private stopListening: (() => void) | null = null;

  constructor(
    private readonly client: TernClient,
    private readonly db: TernDb,
    private readonly host: OutboxHost,
    options: OutboxOptions = {},
  ) {
    this.undoDelayMs = options.undoDelayMs ?? UNDO_DELAY_MS;
    this.retryDelaysMs = options.retryDelaysMs ?? RETRY_DELAYS_MS;
    this.now = options.now ?? Date.now;
  }

  /** After a (re)start: what was mid-send goes again (main keeps it to once), then everything due. */
  async start(): Promise<void> {
    await this.db.outbox.where('state').equals('sending').modify({ state: 'queued', sendAfter: this.now() });
    const stopStatus = this.client.on('accountStatusChanged', (status) => {
      const up = status.state === 'online' || status.state === 'limited';
      const was = this.online.get(status.accountId);
      this.online.set(status.accountId, up);
      if (up && was === false) this.background(this.retryAccount(status.accountId));
    });
    const onOnline = () => this.background(this.retryAccount(null));
    if (typeof window !== 'undefined') window.addEventListener('online', onOnline);
    // A message put in the outbox by another window (a compose window that closed on Send) is sent from here.
    const others = liveQuery(() => this.db.outbox.filter(isPending).count()).subscribe({
      next: () => this.schedule(),
      error: (error: unknown) => this.background(Promise.reject(error)),
    });
    this.stopListening = () => {
      stopStatus();
      others.unsubscribe();
      if (typeof window !== 'undefined') window.removeEventListener('online', onOnline);
    };
    await this.flushDue();
  }

  stop(): void {
    this.stopped = true;
    this.stopListening?.();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Puts a message in the outbox; it goes after the undo delay. Returns its row id. */
  async send(accountId: string, message: OutgoingMessage, delayMs = this.undoDelayMs): Promise<number> {
    const now = this.now();
    const id = await this.db.outbox
      .add({ accountId, state: 'waiting', message, createdAt: now, sendAfter: now + delayMs, attempts: 0, error: null })
      .catch(whenStorageFull(NOT_QUEUED));
    if (delayMs <= 0) this.background(this.flush(accountId));
    else this.schedule();
    return id as number;
  }

  /**
   * Takes a message back out (Undo, or Edit of one waiting or failed): removed from the outbox and returned,
   * or null when it is being handed to main right now. Its Message-ID stays with it, so sending the edited
   * message can never make a second copy of one that did go out.
   */
  async takeBack(id: number): Promise<OutboxRow | null> {
    return this.db.transaction('rw', this.db.outbox, async () => {
      const row = await this.db.outbox.get(id);
      if (!row || row.state === 'sending') return null;
      await this.db.outbox.delete(id);
      return row;
    });
  }

  async discard(id: number): Promise<boolean> {
    return (await this.takeBack(id)) !== null;
  }

  /** Tries a queued or failed message again now. */
  async retryNow(id: number): Promise<void> {
    const row = await this.db.outbox.get(id);
    if (!row || row.state === 'sending') return;
    await this.db.outbox.update(id, { state: 'queued', sendAfter: this.now() });
    await this.flush(row.accountId);
  }

  /** Sends what is due for every account. */
  async flushDue(): Promise<void> {
    const now = this.now();
    const due = await this.db.outbox.filter((row) => isPending(row) && row.sendAfter <= now).toArray();
    await Promise.all([...new Set(due.map((row) => row.accountId))].map((accountId) => this.flush(accountId)));
    this.schedule();
  }

  /** Sends this account's due messages in order; resolves when none is due or the server says "later". */
  flush(accountId: string): Promise<void> {
    const current = this.draining.get(accountId);
    if (current) return current;
    const run = this.drain(accountId).finally(() => {
      this.draining.delete(accountId);
      this.schedule();
    });
    this.draining.set(accountId, run);
    return run;
  }

  /** The account is back (or the network): its queued messages go now instead of after their delay. */
  private async retryAccount(accountId: string | null): Promise<void> {
    const rows = accountId === null ? this.db.outbox.where('state').equals('queued') : this.db.outbox.where('accountId').equals(accountId).filter((row) => row.state === 'queued');
    await rows.modify({ sendAfter: this.now() });
    await this.flushDue();
  }

  private async drain(accountId: string): Promise<void> {
    while (!this.stopped) {
      const row = await this.claimNext(accountId);
      if (!row) return;
      if ((await this.deliver(row)) === 'later') return;
    }
  }

  /** Marks the oldest due row `sending`, atomically: two windows on one outbox never both take it. */
  private claimNext(accountId: string): Promise<OutboxRow | null> {
    return this.db.transaction('rw', this.db.outbox, async () => {
      const now = this.now();
      const due = await this.db.outbox.where('accountId').equals(accountId).filter((row) => isPending(row) && row.sendAfter <= now).sortBy('id');
      const row = due[0];
      if (!row?.id) return null;
      const claimed = { ...row, state: 'sending' as const, attempts: row.attempts + 1 };
      await this.db.outbox.put(claimed);
      return claimed;
    });
  }

  private async deliver(row: OutboxRow): Promise<'next' | 'later'> {
    let outcome: SendOutcome;
    try {
      outcome = await this.client.api.sendMessage({ accountId: row.accountId, message: row.message });
    } catch (cause) {
      const error = cause instanceof TernError ? cause : new TernError('INTERNAL', 'Sending failed unexpectedly.');
      if (TRANSIENT.has(error.code)) {
        await this.settle(row, { state: 'queued', sendAfter: this.now() + this.retryDelay(row.attempts), error: error.toPayload() });
        return 'later';
      }
      await this.settle(row, { state: 'failed', error: error.toPayload() });
      return 'next';
    }
    switch (outcome.status) {
      case 'sent':
        await this.db.outbox.delete(row.id!);
        this.afterSent(row, outcome);
        return 'next';
      case 'retryLater':
        await this.settle(row, { state: 'queued', sendAfter: this.now() + this.retryDelay(row.attempts), error: { code: outcome.code, message: outcome.reason } });
        return 'later';
      case 'refused':
        await this.settle(row, { state: 'failed', error: { code: outcome.code, message: outcome.reason } });
        this.background(this.returnToDrafts(row));
        return 'next';
    }
  }

  /**
   * A message the server refused goes back to Drafts (its own draft, replaced), so it can be found and fixed
   * from any device; it stays in the outbox here too, with the reason.
   */
  private async returnToDrafts(row: OutboxRow): Promise<void> {
    const { message } = row;
    if (!message.draft) return;
    const draft = {
      draftId: message.draft.draftId,
      identityId: message.identityId ?? null,
      to: message.to,
      cc: message.cc,
      bcc: message.bcc,
      subject: message.subject,
      text: message.text,
      html: message.html ?? null,
      attachments: message.attachments,
      original: message.original,
    };
    const saved = await this.client.api.saveDraft({ accountId: row.accountId, draft, replaces: message.draft.location });
    // Edited again from the outbox, the message replaces this copy rather than the one before it.
    if (saved.status === 'saved' && row.id !== undefined) {
      await this.db.outbox.where('id').equals(row.id).modify((current) => {
        if (current.message.draft) current.message.draft.location = saved.location;
      });
    }
  }

  private async settle(row: OutboxRow, change: Partial<OutboxRow>): Promise<void> {
    await this.db.transaction('rw', this.db.outbox, async () => {
      const current = await this.db.outbox.get(row.id!);
      if (current?.state === 'sending') await this.db.outbox.update(row.id!, change);
    });
  }

  private afterSent(row: OutboxRow, outcome: Extract<SendOutcome, { status: 'sent' }>): void {
    const original = row.message.original;
    if (original && outcome.originalMarked) this.background(this.host.syncMailbox(row.accountId, original.path));
    this.background(this.syncSentFolder(row.accountId));
    const notices = [...outcome.notices];
    // A first attempt answered "already sent": the message was taken back and edited after it had in fact gone out.
    if (outcome.alreadySent && row.attempts === 1) notices.unshift('This message had already been sent before it was edited, so the edited version was not sent.');
    if (notices.length > 0) this.host.reportError(new Error(`“${row.message.subject || '(no subject)'}”: ${notices.join(' ')}`));
  }

  /** The Sent folder is refreshed if the cache holds it (the status poll would find the copy too, later). */
  private async syncSentFolder(accountId: string): Promise<void> {
    const mailboxes = await this.db.mailboxes.where('accountId').equals(accountId).toArray();
    const sent = mailboxes.find((mailbox) => mailbox.specialUse === 'sent');
    if (sent && (await this.db.cursors.get([accountId, sent.path]))) await this.host.syncMailbox(accountId, sent.path);
  }

  private retryDelay(attempts: number): number {
    return this.retryDelaysMs[Math.min(Math.max(attempts - 1, 0), this.retryDelaysMs.length - 1)] ?? 60_000;
  }

  /** One timer, for the next row that becomes due (the end of an undo delay or of a retry's wait). */
  private schedule(): void {
    if (this.stopped) return;
    void this.db.outbox
      .filter(isPending)
      .toArray()
      .then((rows) => {
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
        if (this.stopped || rows.length === 0) return;
        const next = Math.min(...rows.map((row) => row.sendAfter));
        const wait = Math.min(Math.max(next - this.now(), 0), 2 ** 31 - 1);
        this.timer = setTimeout(() => {
          this.timer = null;
          this.background(this.flushDue());
        }, wait + 20);
      })
      .catch((error: unknown) => this.background(Promise.reject(error)));
  }

  /** Work nobody awaits: its failure is reported (unless the outbox was stopped, e.g. the window closing). */
  private background(work: Promise<unknown>): void {
    work.catch((error: unknown) => {
      if (!this.stopped) this.host.reportError(error);
    });
  }
}

function isPending(row: OutboxRow): boolean {
  return row.state === 'waiting' || row.state === 'queued';
}
