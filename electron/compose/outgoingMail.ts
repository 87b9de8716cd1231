/**
 * Sending, end to end, once per Message-ID: check the message, thread it under the original (In-Reply-To and
 * References read from the server), submit it over SMTP, remember that it went out, then file the same bytes
 * in Sent and mark the original \Answered or $Forwarded. One instance per engine, shared by every window, so
 * two windows — or one window retrying after a reload while the first attempt is still running — never send
 * the same message twice: a Message-ID in flight is joined, one already sent is answered from the sent log.
 *
 * What is left: the sent log is written right after the server's 250, so only a crash in that instant
 * could send a message a second time — and then with the same Message-ID, which receivers treat as a duplicate.
 */
import type { AccountSummary } from '../../shared/contract/accounts';
import type { OriginalMessageRef, OutgoingMessage, SendOutcome } from '../../shared/contract/compose';
import type { DraftLocation } from '../../shared/contract/drafts';
import { TernError } from '../../shared/contract/errors';
import { asciiAddress, displayNameError, sameAddress } from '../../shared/domain/addresses';
import { buildReferences } from '../../shared/domain/quoting';
import { appendToSent } from '../imap/appendMessage';
import { openForChanges } from '../imap/openForChanges';
import { storeFlags } from '../imap/storeFlags';
import type { AccountRuntime } from '../services/accountRuntime';
import type { EngineCore } from '../services/engineCore';
import type { Logger } from '../services/logger';
import { sendMessage, submitMessage, type OutgoingAttachmentBytes } from '../smtp/sendMessage';
import type { AccountCredentials } from '../accounts/oauth/accountCredentials';
import type { SignInSecret } from '../store/secretStore';
import { SentLog, type SentOutcome } from '../store/sentLog';
import { readThreadHeaders } from '../imap/fetchThreadHeaders';
import { sendLimitsOf } from './sendLimits';
import { serverDraftsOf } from './serverDrafts';
import { validateOutgoing } from './validateOutgoing';

export interface OutgoingMailContext {
  dataDir: string;
  credentials: AccountCredentials;
  log: Logger;
  runtime(accountId: string): Promise<AccountRuntime>;
  /** The account as saved now (its identities may have changed since its connections started). */
  account(accountId: string): Promise<AccountSummary | null>;
  /** The server refused a message over its SIZE: the composer warns with this from now on. */
  learnSendLimit?(accountId: string, bytes: number): void;
  /** Removes the draft the message was written in, once it is sent. */
  removeDraft?(accountId: string, draftId: string, location: DraftLocation | null): Promise<void>;
}

export interface OutgoingMailTiming {
  /** How long the original's References may take to read before the reply goes out without them. */
  threadHeadersMs: number;
  /** How long the sender waits for the copy in Sent and the \Answered flag before answering anyway. */
  afterSendMs: number;
}

const DEFAULT_TIMING: OutgoingMailTiming = { threadHeadersMs: 10_000, afterSendMs: 30_000 };

/** Resolves with the job's result, or with `fallback()` once `ms` have passed (the job keeps running). */
function withDeadline<T>(job: Promise<T>, ms: number, fallback: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback()), ms)));
  return Promise.race([job, deadline]).finally(() => clearTimeout(timer));
}

export class OutgoingMail {
  private readonly sentLog: SentLog;
  private readonly inFlight = new Map<string, Promise<SendOutcome>>();

  constructor(
    private readonly context: OutgoingMailContext,
    private readonly timing: OutgoingMailTiming = DEFAULT_TIMING,
  ) {
    this.sentLog = new SentLog(context.dataDir);
  }

  /** A removed account's "already sent" records go with it. */
  forgetAccount(accountId: string): Promise<void> {
    return this.sentLog.forget(accountId);
  }

  /** Checks and sends; throws TernError('INVALID_INPUT') for a malformed message, never for a failed send. */
  send(accountId: string, value: unknown): Promise<SendOutcome> {
    const { message, attachments } = validateOutgoing(value);
    const key = `${accountId}\u0000${message.messageId}`;
    const running = this.inFlight.get(key);
    if (running) return running.then((outcome) => (outcome.status === 'sent' ? { ...outcome, alreadySent: true } : outcome));
    const attempt = this.sendOnce(accountId, message, attachments).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, attempt);
    return attempt;
  }

  private async sendOnce(accountId: string, message: OutgoingMessage, attachments: OutgoingAttachmentBytes[]): Promise<SendOutcome> {
    const done = await this.sentLog.get(accountId, message.messageId);
    if (done) return { ...done.outcome, alreadySent: true };

    const runtime = await this.context.runtime(accountId);
    const account = (await this.context.account(accountId)) ?? runtime.account;
    const identity = message.identityId ? account.identities.find((entry) => entry.id === message.identityId) : account.identities[0];
    if (!identity) return { status: 'refused', code: 'SENDER_REJECTED', reason: 'The From address chosen for this message was removed from the account. Edit the message and choose another.', refused: [] };
    let password: SignInSecret;
    try {
      password = await this.context.credentials.secretFor(account);
    } catch (error) {
      if (error instanceof TernError && error.code === 'HOST_UNREACHABLE') return { status: 'retryLater', code: error.code, reason: error.message };
      return { status: 'refused', code: 'AUTH_FAILED', reason: error instanceof TernError ? error.message : `Tern could not sign in to ${account.email}.`, refused: [] };
    }
    // The envelope sender is the identity's address too, so bounces come back to the address the mail was from.
    const from = asciiAddress(identity.email);
    if (from === null) return { status: 'refused', code: 'SENDER_REJECTED', reason: `The address “${identity.email}” cannot be used to send mail.`, refused: [] };
    const to: string[] = [];
    for (const recipient of [...message.to, ...message.cc, ...message.bcc]) {
      const ascii = asciiAddress(recipient.address);
      if (ascii === null) throw new TernError('INVALID_INPUT', `“${recipient.address}” is not a valid address.`);
      if (!to.some((known) => known.toLowerCase() === ascii.toLowerCase())) to.push(ascii);
    }

    const thread = message.original?.kind === 'reply' ? await this.threadOf(runtime, message.original) : { inReplyTo: null, references: [] };
    const sent = await sendMessage(
      account.smtp,
      password,
      { from, to },
      {
        from: { name: senderName(identity.name, identity.email), address: identity.email },
        to: message.to,
        cc: message.cc,
        bcc: message.bcc,
        subject: message.subject,
        text: message.text,
        html: message.html ?? null,
        messageId: message.messageId,
        date: new Date(message.date),
        inReplyTo: thread.inReplyTo,
        references: thread.references,
        attachments,
      },
      this.context.log,
    );
    const raw = sent.raw;
    let result = sent.result;
    if (!result.ok && result.code === 'AUTH_FAILED' && account.oauth2) {
      // The access token was refused before its announced expiry (revoked, clock skew): refresh once, resubmit.
      result = await this.context.credentials.secretFor(account, true).then(
        (fresh) => submitMessage(account.smtp, fresh, { from, to }, raw),
        (error: unknown) => ({ ok: false as const, code: 'AUTH_FAILED' as const, transient: false, reason: (error as Error).message, refused: [] }),
      );
    }
    if (!result.ok) {
      if (!result.transient && result.limitBytes) this.context.learnSendLimit?.(accountId, result.limitBytes);
      this.context.log.warn('message not sent', { accountId, code: result.code, transient: result.transient });
      return result.transient ? { status: 'retryLater', code: result.code, reason: result.reason } : { status: 'refused', code: result.code, reason: result.reason, refused: result.refused };
    }

    const outcome: SentOutcome = {
      status: 'sent',
      messageId: message.messageId,
      alreadySent: false,
      accepted: result.accepted,
      refused: result.refused,
      sentCopy: 'failed',
      originalMarked: message.original ? false : null,
      notices: result.refused.map((entry) => `Not delivered to ${entry.address}: ${entry.reason}`),
    };
    // Remembered before anything else can go wrong: from here on, a retry is answered without sending.
    await this.sentLog.record(accountId, message.messageId, { sentAt: Date.now(), outcome });
    this.context.log.info('message sent', { accountId, messageId: message.messageId, recipients: to.length });

    await this.fileAndMark(runtime, message, raw, outcome);
    await this.sentLog.record(accountId, message.messageId, { sentAt: Date.now(), outcome }).catch((error: unknown) =>
      this.context.log.warn('sent log not updated', { accountId, reason: (error as Error).message }),
    );
    return outcome;
  }

  /** In-Reply-To and References from the server's copy of the original; the renderer's Message-ID if it cannot be read. */
  private async threadOf(runtime: AccountRuntime, original: OriginalMessageRef): Promise<{ inReplyTo: string | null; references: string[] }> {
    const fallback = { inReplyTo: original.messageId, references: buildReferences({ messageId: original.messageId, references: [] }) };
    try {
      const read = runtime.runInteractive((client) => readThreadHeaders(client, original.path, original.uidValidity, original.uid));
      read.catch(() => undefined);
      const headers = await withDeadline(read, this.timing.threadHeadersMs, () => null);
      if (!headers) return fallback;
      const messageId = headers.messageId ?? original.messageId;
      return { inReplyTo: messageId, references: buildReferences({ ...headers, messageId }) };
    } catch (error) {
      this.context.log.warn('original not read for threading', { accountId: runtime.account.id, reason: runtime.describe(error).message });
      return fallback;
    }
  }

  /** The copy in Sent, the flag on the original and the draft's removal: each may fail without undoing the send, and says so. */
  private async fileAndMark(runtime: AccountRuntime, message: OutgoingMessage, raw: Buffer, outcome: SentOutcome): Promise<void> {
    const copy = runtime.runInteractive((client) => appendToSent(client, raw, new Date(message.date))).then(
      (saved) => {
        outcome.sentCopy = saved.state;
        if (saved.state === 'no-sent-folder') outcome.notices.push('Sent. This account has no Sent folder, so no copy was saved.');
      },
      (error: unknown) => {
        outcome.sentCopy = 'failed';
        outcome.notices.push(`Sent, but the copy could not be saved in the Sent folder: ${runtime.describe(error).message}`);
      },
    );
    const original = message.original;
    const mark = original
      ? runtime
          .runInteractive(async (client) => {
            await openForChanges(client, original.path, original.uidValidity);
            await storeFlags(client, String(original.uid), [original.kind === 'reply' ? '\\Answered' : '$Forwarded'], []);
          })
          .then(
            () => void (outcome.originalMarked = true),
            (error: unknown) => void outcome.notices.push(`Sent, but the original could not be marked as ${original.kind === 'reply' ? 'answered' : 'forwarded'}: ${runtime.describe(error).message}`),
          )
      : Promise.resolve();
    const draft = message.draft;
    const removeDraft = this.context.removeDraft;
    const drafted =
      draft && removeDraft
        ? removeDraft(runtime.account.id, draft.draftId, draft.location).catch((error: unknown) =>
            void outcome.notices.push(`Sent, but its draft could not be removed from Drafts: ${runtime.describe(error).message}`),
          )
        : Promise.resolve();
    await withDeadline(Promise.all([copy, mark, drafted]).then(() => true), this.timing.afterSendMs, () => {
      outcome.notices.push('Sent. Saving the copy in Sent and marking the original are taking longer than usual; they go on in the background.');
      return false;
    });
  }
}

/** The account's name for the From header; none when it is unusable or just the address again. */
function senderName(displayName: string, email: string): string {
  const name = displayName.trim();
  return name && displayNameError(name) === null && !sameAddress(name, email) ? name : '';
}

const engines = new WeakMap<object, OutgoingMail>();

/** The one OutgoingMail of an engine (keyed by its core), created on first use. */
export function outgoingMailFor(owner: object, context: () => OutgoingMailContext): OutgoingMail {
  let mail = engines.get(owner);
  if (!mail) engines.set(owner, (mail = new OutgoingMail(context())));
  return mail;
}

/** The engine's OutgoingMail, wired to the engine's own secrets, log and account connections. */
export function outgoingMailOf(core: EngineCore): OutgoingMail {
  const { dataDir, log } = core.options;
  return outgoingMailFor(core, () => ({
    dataDir,
    credentials: core.credentials,
    log,
    runtime: (id) => core.runtime(id),
    account: (id) => core.accounts.get(id),
    removeDraft: (accountId, draftId, location) => serverDraftsOf(core).remove(accountId, draftId, location),
    learnSendLimit: (accountId, bytes) => sendLimitsOf(core).learn(accountId, bytes),
  }));
}
