/**
 * The contract, implemented once. One instance serves one renderer connection: deltas it produces go to that
 * renderer and wait for that renderer's acknowledgement. Every argument is checked: it crossed a boundary.
 */
import type { AccountCheck, AccountInput, AccountStatus, AccountSummary, AccountUpdate, IdentityInput } from '../../shared/contract/accounts';
import type { AccountRef, AttachmentContent, FolderRef, HostInfo, MessageRef, OAuthStart, TernApi } from '../../shared/contract/api';
import type { ActionOutcome, MessageAction } from '../../shared/contract/actions';
import type { AttachmentDelivery, AttachmentDeliveryRequest } from '../../shared/contract/attachments';
import type { OutgoingMessage, SendOutcome } from '../../shared/contract/compose';
import type { DiscoveryResult, OAuthProviderId } from '../../shared/contract/discovery';
import type { DraftLocation, DraftMessage, DraftSaveOutcome, OpenedDraft } from '../../shared/contract/drafts';
import { TernError } from '../../shared/contract/errors';
import type { FolderChange, FolderChangeOutcome } from '../../shared/contract/folders';
import type { MailboxInfo } from '../../shared/contract/mailboxes';
import type { AttachedMessage, MessageBody } from '../../shared/contract/messages';
import type { SearchCriteria, ServerSearchResult } from '../../shared/contract/search';
import type { DeltaRefusal, MailboxCursor, MailboxDelta, SyncOutcome, SyncRequest } from '../../shared/contract/sync';
import { encodeAhead } from '../transport/encodeAhead';
import type { EmitEvent } from '../../shared/ipc/serve';
import { validateAction } from '../../shared/domain/validateAction';
import { validateFolderChange } from '../../shared/domain/validateFolderChange';
import { discoverSettings } from '../accounts/discovery/discoverSettings';
import { removeAccount, setIdentities, testAccountUpdate, updateAccount } from '../accounts/editAccount';
import { addAccount, testNewAccount } from '../accounts/addAccount';
import { mailboxOf } from '../accounts/discovery/discoverSettings';
import { configuredProviders, isOAuthProviderId } from '../accounts/oauth/oauthProviders';
import { outgoingMailOf } from '../compose/outgoingMail';
import { serverDraftsOf } from '../compose/serverDrafts';
import { sendLimitsOf } from '../compose/sendLimits';
import { checkAttachableSize, messageAsAttachment } from '../compose/messageAsAttachment';
import { draftId as checkDraftId } from '../compose/validateOutgoing';
import { downloadMessageSource } from '../imap/downloadMessageSource';
import type { ImapClient } from '../imap/imapClient';
import { listMailboxes } from '../imap/listMailboxes';
import { createMailbox, deleteMailbox, renameMailbox, setSubscribed } from '../imap/manageMailboxes';
import { selectMailbox } from '../imap/selectMailbox';
import { applyFolderChange } from '../actions/applyFolderChange';
import { applyMessageAction } from '../actions/applyMessageAction';
import { searchOnServer, validateCriteria } from '../search/searchOnServer';
import { backoffDelay } from '../sync/backoff';
import { planSync, PlanOutdated, runSyncPlan, type DeltaDraft, type SyncPlan } from '../sync/mailboxSync';
import type { EngineCore } from './engineCore';
import { deliverAttachment, deliveryRequestOf, WHOLE_MESSAGE } from './deliverAttachment';
import { writeMessageFile } from './messageFile';
import type { CachedSource } from './messageSourceCache';
import { readHead } from './readHead';
import { holdUntilAcknowledged } from '../transport/deltaGate';

function record(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) throw new TernError('INVALID_INPUT', 'Missing arguments.');
  return value as Record<string, unknown>;
}

function str(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1024) throw new TernError('INVALID_INPUT', `${name} is invalid.`);
  return value;
}

function posInt(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new TernError('INVALID_INPUT', `${name} is invalid.`);
  return value;
}

function cursorOf(value: unknown): MailboxCursor | null {
  if (value === null || value === undefined) return null;
  const raw = record(value);
  const digits = (v: unknown) => typeof v === 'string' && /^\d{1,20}$/.test(v);
  if (!digits(raw.uidValidity) || (raw.highestModseq !== null && !digits(raw.highestModseq))) return null;
  return { uidValidity: raw.uidValidity as string, uidNext: posInt(raw.uidNext, 'uidNext'), highestModseq: (raw.highestModseq as string | null) ?? null };
}

function messageRefOf(args: unknown): MessageRef {
  const raw = record(args);
  return { accountId: str(raw.accountId, 'accountId'), path: str(raw.path, 'path'), uid: posInt(raw.uid, 'uid'), uidValidity: str(raw.uidValidity, 'uidValidity') };
}

/** Selects the message's folder, refusing when it was rebuilt since the renderer saw that UID. */
async function selectSameFolder(client: ImapClient, ref: MessageRef): Promise<void> {
  const selected = await selectMailbox(client, ref.path);
  if (selected.uidValidity !== ref.uidValidity) throw new TernError('NOT_FOUND', 'This folder was rebuilt on the server; the message list is being refreshed.');
}

/** The renderer's own words for a full disk, bounded: it crossed a boundary. */
function storageFullMessage(value: unknown): string {
  const message = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).message : undefined;
  return typeof message === 'string' && message.length > 0 ? message.slice(0, 300) : 'The window could not store more mail: the disk is full.';
}

const ACK_TIMEOUT_MS = 120_000;
/**
 * Deltas being fetched beyond the one the host holds for the renderer (deltaGate.ts): with it, two ahead of the
 * one being stored, enough to ride out a slow moment of the server or engine. Two here as well held 20 MiB
 * more at the peak of a 100k sync (249 MiB against the 250 target) for no time saved.
 */
const PREFETCHED_DELTAS = 1;
/** Connection failures a sync resumes from, and how many in a row (with nothing stored between) it tries. */
const RESUMABLE = new Set(['HOST_UNREACHABLE', 'TIMEOUT', 'DISCONNECTED']);
const MAX_RESUMES_WITHOUT_PROGRESS = 4;
const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

export class TernService implements TernApi {
  private nextDeltaId = 1;
  private readonly acks = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private readonly runningSyncs = new Map<string, Promise<SyncOutcome>>();
  /**
   * A sync that gave up half way, kept for this renderer's next request of the same folder from the same cursor:
   * what it delivered is stored there, so the retry goes on from where it stopped instead of starting over.
   */
  private readonly unfinished = new Map<string, { from: string; plan: SyncPlan }>();
  private closed = false;

  constructor(
    private readonly core: EngineCore,
    private readonly emit: EmitEvent,
  ) {}

  close(): void {
    this.closed = true;
    // A window that closes no longer shows its folder: push goes back to INBOX (unless another window has spoken since).
    this.core.windowClosed(this);
    for (const waiter of this.acks.values()) waiter.reject(new TernError('DISCONNECTED', 'The window closed.'));
    this.acks.clear();
  }

  async getHostInfo(): Promise<HostInfo> {
    const { host, version, secrets } = this.core.options;
    return { host, version, credentialWarning: secrets.warning, oauthProviders: configuredProviders(this.core.options.oauth ?? {}), askBeforeStoringPassword: secrets.needsConsent };
  }

  listAccounts(): Promise<AccountSummary[]> {
    return this.core.accounts.list();
  }

  discoverSettings(args: { email: string }): Promise<DiscoveryResult> {
    return discoverSettings(record(args).email, this.core.discovery);
  }

  testAccount(args: AccountInput): Promise<AccountCheck> {
    return testNewAccount(this.core, args);
  }

  addAccount(args: AccountInput): Promise<AccountSummary> {
    return addAccount(this.core, args);
  }

  startOAuthSignIn(args: { provider: OAuthProviderId; email: string }): Promise<OAuthStart> {
    const raw = record(args);
    if (!isOAuthProviderId(raw.provider)) throw new TernError('INVALID_INPUT', 'Unknown sign-in provider.');
    return this.core.signIns.start(raw.provider, mailboxOf(raw.email).email);
  }

  async finishOAuthSignIn(args: { flowId: string }): Promise<{ flowId: string }> {
    const flowId = str(record(args).flowId, 'flowId');
    await this.core.signIns.finish(flowId);
    return { flowId };
  }

  /** Like testAccount, for a saved account: an empty password means the stored one. */
  testAccountUpdate(args: AccountUpdate): Promise<AccountCheck> {
    return testAccountUpdate(this.core, args);
  }

  updateAccount(args: AccountUpdate): Promise<AccountSummary> {
    return updateAccount(this.core, args);
  }

  setIdentities(args: { accountId: string; identities: IdentityInput[] }): Promise<AccountSummary> {
    return setIdentities(this.core, args);
  }

  removeAccount(args: AccountRef): Promise<void> {
    return removeAccount(this.core, str(record(args).accountId, 'accountId'));
  }

  async listMailboxes(args: AccountRef): Promise<MailboxInfo[]> {
    const runtime = await this.core.runtime(str(record(args).accountId, 'accountId'));
    const listed = await runtime.runInteractive((client) => listMailboxes(client, runtime.account.id));
    runtime.absorbListing(listed);
    return listed.map(({ info }) => info);
  }

  syncMailbox(args: SyncRequest): Promise<SyncOutcome> {
    const raw = record(args);
    const request: SyncRequest = { accountId: str(raw.accountId, 'accountId'), path: str(raw.path, 'path'), cursor: cursorOf(raw.cursor) };
    const key = `${request.accountId}\u0000${request.path}`;
    const running = this.runningSyncs.get(key);
    if (running) return running;
    const promise = this.runSync(request).finally(() => this.runningSyncs.delete(key));
    this.runningSyncs.set(key, promise);
    return promise;
  }

  async acknowledgeDelta(args: { deltaId: number; error?: DeltaRefusal }): Promise<void> {
    const raw = record(args);
    const deltaId = posInt(raw.deltaId, 'deltaId');
    const waiter = this.acks.get(deltaId);
    this.acks.delete(deltaId);
    // A renderer whose storage is full refused the delta: the sync ends with STORAGE_FULL (nothing was stored,
    // so nothing is kept to resume) and the renderer asks again from its cursor once it has room.
    if (raw.error !== undefined && raw.error !== null) waiter?.reject(new TernError('STORAGE_FULL', storageFullMessage(raw.error)));
    else waiter?.resolve();
  }

  // Each of these reads the message's source from the engine's source cache (downloaded once, streamed to a
  // file) and parses it in the MIME worker, off this event loop.
  fetchMessage(args: MessageRef): Promise<MessageBody> {
    return this.withSource(args, (source, uid) => this.core.mime.parseMessage(uid, { file: source.file }));
  }

  fetchAttachment(args: MessageRef & { index: number }): Promise<AttachmentContent> {
    const index = posInt(record(args).index, 'index');
    return this.withSource(args, (source) => this.core.mime.run({ kind: 'extractAttachment', index }, { file: source.file }));
  }

  // The worker decodes the attachment straight into a file; the host copies or serves that file.
  prepareAttachmentDownload(args: AttachmentDeliveryRequest): Promise<AttachmentDelivery> {
    const request = deliveryRequestOf(args);
    const { desktop, downloads } = this.core.options;
    return this.withSource(args, (source, uid) =>
      deliverAttachment({ exports: this.core.exports, desktop, downloads }, { ...args, uid }, request, (target) =>
        this.core.mime.run({ kind: 'writeAttachment', index: request.index, target }, { file: source.file }),
      ),
    );
  }

  // Straight from the server into the file the host delivers: never parsed, never held in memory.
  prepareMessageDownload(args: MessageRef & { allowProgram?: boolean }): Promise<AttachmentDelivery> {
    const ref = messageRefOf(args);
    const { desktop, downloads } = this.core.options;
    const request = { index: WHOLE_MESSAGE, action: 'save' as const, allowProgram: record(args).allowProgram === true };
    return deliverAttachment({ exports: this.core.exports, desktop, downloads }, ref, request, async (target) => {
      const runtime = await this.core.runtime(ref.accountId);
      return runtime.runInteractive(async (client) => {
        await selectSameFolder(client, ref);
        return writeMessageFile(client, ref.uid, target);
      });
    });
  }

  openAttachedMessage(args: MessageRef & { index: number }): Promise<AttachedMessage> {
    const index = posInt(record(args).index, 'index');
    return this.withSource(args, (source) => this.core.mime.run({ kind: 'attachedMessage', index }, { file: source.file }));
  }

  fetchMessageAsAttachment(args: MessageRef): Promise<AttachmentContent> {
    return this.withSource(args, async (source) => {
      checkAttachableSize(source.size);
      return messageAsAttachment(await readHead(source.file, source.size));
    });
  }

  fetchMessageSource(args: MessageRef): Promise<{ source: string; truncated: boolean }> {
    return this.withSource(args, async (source) => {
      // Shown as text, never parsed or rendered: latin1 keeps every byte visible whatever the charset.
      const head = await readHead(source.file, MAX_SOURCE_BYTES);
      return { source: head.toString('latin1'), truncated: source.size > MAX_SOURCE_BYTES };
    });
  }

  /**
   * Runs `use` with the message's source file: from the cache, or downloaded into it (refused when the folder
   * was rebuilt since the renderer saw that UID, or when the message is larger than Tern opens).
   */
  private async withSource<T>(args: MessageRef, use: (source: CachedSource, uid: number) => Promise<T>): Promise<T> {
    const ref = messageRefOf(args);
    const download = async (file: string) => {
      const runtime = await this.core.runtime(ref.accountId);
      return runtime.runInteractive(async (client) => {
        await selectSameFolder(client, ref);
        return downloadMessageSource(client, ref.uid, file);
      });
    };
    this.core.mime.warm();
    return this.core.sources.with(ref, download, (source) => use(source, ref.uid));
  }

  async reconnectAccounts(): Promise<void> {
    this.core.wake();
  }

  listAccountStatus(): Promise<AccountStatus[]> {
    return this.core.statuses();
  }

  async applyFolderChange(args: { change: FolderChange }): Promise<FolderChangeOutcome> {
    const change = validateFolderChange(record(args).change);
    let alreadyDone = false;
    const leaving = change.kind === 'rename' || change.kind === 'delete' ? change.path : null;
    const mailboxes = await this.changeFolders(
      change.accountId,
      async (client) => {
        alreadyDone = (await applyFolderChange(client, change)).alreadyDone;
      },
      leaving,
    );
    return { mailboxes, alreadyDone };
  }

  createMailbox(args: { accountId: string; parentPath: string | null; name: string }): Promise<MailboxInfo[]> {
    const raw = record(args);
    const parentPath = raw.parentPath === null || raw.parentPath === undefined ? null : str(raw.parentPath, 'parent folder');
    const name = str(raw.name, 'folder name');
    return this.changeFolders(str(raw.accountId, 'accountId'), (client) => createMailbox(client, parentPath, name));
  }

  renameMailbox(args: { accountId: string; path: string; newParentPath: string | null; newName: string }): Promise<MailboxInfo[]> {
    const raw = record(args);
    const path = str(raw.path, 'folder');
    const newParentPath = raw.newParentPath === null || raw.newParentPath === undefined ? null : str(raw.newParentPath, 'new parent folder');
    const newName = str(raw.newName, 'folder name');
    return this.changeFolders(str(raw.accountId, 'accountId'), (client) => renameMailbox(client, path, newParentPath, newName), path);
  }

  deleteMailbox(args: { accountId: string; path: string }): Promise<MailboxInfo[]> {
    const raw = record(args);
    const path = str(raw.path, 'folder');
    return this.changeFolders(str(raw.accountId, 'accountId'), (client) => deleteMailbox(client, path), path);
  }

  setMailboxSubscribed(args: { accountId: string; path: string; subscribed: boolean }): Promise<MailboxInfo[]> {
    const raw = record(args);
    const path = str(raw.path, 'folder');
    const subscribed = raw.subscribed === true;
    return this.changeFolders(str(raw.accountId, 'accountId'), (client) => setSubscribed(client, path, subscribed));
  }

  /**
   * Runs a folder change and answers with the folder list as it is afterwards (fed to the poll's baseline).
   * `leaving`: the folder it renames or deletes, which no connection of ours may have selected meanwhile.
   */
  private async changeFolders(accountId: string, change: (client: ImapClient) => Promise<unknown>, leaving: string | null = null): Promise<MailboxInfo[]> {
    const runtime = await this.core.runtime(accountId);
    const run = () => runtime.runInteractive(async (client) => {
      // Renaming or deleting the selected folder makes Dovecot end the session, so step out of it first — by
      // EXAMINE of INBOX, never CLOSE (which would expunge what another device only marked \Deleted).
      if (client.mailbox && client.mailbox.path.toUpperCase() !== 'INBOX') await client.mailboxOpen('INBOX', { readOnly: true });
      await change(client);
      return listMailboxes(client, accountId);
    });
    const listed = leaving === null ? await run() : await runtime.changingFolder(leaving, run);
    runtime.absorbListing(listed);
    return listed.map(({ info }) => info);
  }

  async applyAction(args: { action: MessageAction }): Promise<ActionOutcome> {
    const action = validateAction(record(args).action);
    const runtime = await this.core.runtime(action.accountId);
    return runtime.runInteractive((client) => applyMessageAction(client, action));
  }

  searchOnServer(args: { accountId: string; path: string; criteria: SearchCriteria }): Promise<ServerSearchResult> {
    const raw = record(args);
    return searchOnServer(this.core, str(raw.accountId, 'accountId'), str(raw.path, 'folder'), validateCriteria(raw.criteria));
  }

  async setUnreadCount(args: { count: number }): Promise<void> {
    const count = posInt(record(args).count, 'count');
    this.core.options.desktop?.setUnreadCount(Math.min(count, 99_999));
  }

  async setFolderOnScreen(args: { folder: FolderRef | null }): Promise<void> {
    const raw = record(args).folder;
    const folder = raw === null || raw === undefined ? null : { accountId: str(record(raw).accountId, 'accountId'), path: str(record(raw).path, 'folder') };
    this.core.setFolderOnScreen(this, folder);
  }

  /** Idempotent by Message-ID across every window of this engine (see electron/compose/outgoingMail.ts). */
  async sendMessage(args: { accountId: string; message: OutgoingMessage }): Promise<SendOutcome> {
    const raw = record(args);
    const accountId = str(raw.accountId, 'accountId');
    return outgoingMailOf(this.core).send(accountId, raw.message);
  }

  saveDraft(args: { accountId: string; draft: DraftMessage; replaces: DraftLocation | null }): Promise<DraftSaveOutcome> {
    const raw = record(args);
    return serverDraftsOf(this.core).save(str(raw.accountId, 'accountId'), raw.draft, raw.replaces);
  }

  async removeDraft(args: { accountId: string; draftId: string; location: DraftLocation | null }): Promise<void> {
    const raw = record(args);
    await serverDraftsOf(this.core).remove(str(raw.accountId, 'accountId'), raw.draftId, raw.location);
  }

  openDraft(args: MessageRef): Promise<OpenedDraft> {
    const raw = record(args);
    return serverDraftsOf(this.core).open({ accountId: str(raw.accountId, 'accountId'), path: str(raw.path, 'path'), uid: posInt(raw.uid, 'uid'), uidValidity: str(raw.uidValidity, 'uidValidity') });
  }

  async getSendLimit(args: AccountRef): Promise<{ maxBytes: number | null }> {
    const runtime = await this.core.runtime(str(record(args).accountId, 'accountId'));
    return { maxBytes: await sendLimitsOf(this.core).limitFor(runtime) };
  }

  async openComposeWindow(args: { draftId: string }): Promise<{ opened: boolean }> {
    const draftId = checkDraftId(record(args).draftId);
    const open = this.core.options.desktop?.openComposeWindow;
    if (!open) return { opened: false };
    open(draftId);
    return { opened: true };
  }

  private async runSync(request: SyncRequest): Promise<SyncOutcome> {
    const runtime = await this.core.runtime(request.accountId);
    const progress = (state: 'syncing' | 'idle' | 'error', done: number, total: number, error: TernError | null = null) =>
      this.emit('syncProgressed', { accountId: request.accountId, path: request.path, state, done, total, error: error ? error.toPayload() : null });
    progress('syncing', 0, 0);
    // Kept across attempts: a new connection resumes it (a holder, as the attempts' closures assign it).
    const key = `${request.accountId}\u0000${request.path}`;
    const from = JSON.stringify(request.cursor);
    const earlier = this.unfinished.get(key);
    this.unfinished.delete(key);
    const kept: { plan: SyncPlan | null } = { plan: earlier?.from === from ? earlier.plan : null };
    // Nothing changed since the renderer's cursor (the common case: a click on a folder, a poll of the open one):
    // a NOOP and a STATUS answer it, without waiting behind other syncs or selecting the folder again. Any doubt
    // (no answer, an error) falls through to the real sync, which reports errors properly.
    const { cursor } = request;
    if (cursor && !kept.plan && (await runtime.unchangedSince(request.path, cursor).catch(() => false))) {
      progress('idle', 0, 0);
      return { accountId: request.accountId, path: request.path, deltas: 0, cursor };
    }
    const progressOf = (plan: SyncPlan | null) => (plan ? plan.fetched + plan.flagsDone : 0);
    let failures = 0;
    for (;;) {
      let delivering = false;
      const progressAtStart = progressOf(kept.plan);
      try {
        const outcome = await runtime.sync.run(async (client) => {
          const resumed = kept.plan !== null;
          const plan = (kept.plan ??= await planSync(client, request.accountId, request.path, request.cursor));
          let deltas = 0;
          const stream = runSyncPlan(client, plan, resumed);
          // The next batches are fetched from the server while the renderer writes this one, so the page never
          // waits for the network when the engine falls briefly behind. An async generator serves its next()
          // calls in order, so the deltas still go out in order, one at a time, each after the last one's
          // acknowledgement; besides the one the renderer stores and the one the host holds, at most
          // PREFETCHED_DELTAS are in memory.
          // Each is numbered and encoded as soon as it is ready (encodeAhead), so only the sending is left for
          // the moment the renderer acknowledges the one before.
          const upcoming: Array<Promise<IteratorResult<MailboxDelta, MailboxCursor>>> = [];
          const prefetch = () => {
            while (upcoming.length < PREFETCHED_DELTAS) {
              const next = stream.next().then((result) => (result.done ? result : { done: false as const, value: this.numbered(result.value) }));
              next.catch(() => undefined);
              upcoming.push(next);
            }
          };
          // Deltas handed over and not yet acknowledged: at most two. The next one is handed over as soon as it
          // is ready, held by the host until the one before is acknowledged (deltaGate.ts): the host sends it at
          // once then, without waiting for this thread, which may be busy parsing the server's next response.
          const inFlight: Array<{ delta: MailboxDelta; stored: Promise<void> }> = [];
          const settleOldest = async () => {
            const oldest = inFlight[0];
            if (!oldest) return;
            await oldest.stored;
            inFlight.shift();
            delivering = inFlight.length > 0;
            deltas++;
            failures = 0;
            progress('syncing', oldest.delta.progress.done, oldest.delta.progress.total);
          };
          try {
            for (;;) {
              prefetch();
              // A failed fetch is reported once what was handed over is stored (or refused): only then is it known
              // whether the sync can resume.
              const next = await upcoming.shift()!.catch(async (error: unknown) => {
                await settleOldest();
                throw error;
              });
              if (next.done) {
                await settleOldest();
                return { accountId: request.accountId, path: request.path, deltas, cursor: next.value };
              }
              prefetch();
              const delta = next.value;
              const previous = inFlight[inFlight.length - 1];
              if (previous) holdUntilAcknowledged(delta, previous.delta.deltaId);
              const stored = this.deliver(delta.deltaId, () => this.emit('mailboxChanged', delta), previous?.stored);
              stored.catch(() => undefined);
              inFlight.push({ delta, stored });
              delivering = true;
              if (inFlight.length > 1) await settleOldest();
            }
          } finally {
            // A sync that ends half way awaits no more acknowledgements. A delta the host still holds is dropped
            // there after a refusal or when the window closes; after a timeout it goes out only if the renderer
            // acknowledges the one before after all, which is harmless (deltas apply in order).
            for (const { delta } of inFlight) this.forgetAcknowledgement(delta.deltaId);
            // A sync abandoned half way (window closed) must finish its pending fetches before the lane is reused.
            await Promise.allSettled(upcoming);
          }
        });
        progress('idle', 0, 0);
        return outcome;
      } catch (error) {
        // Headers fetched on the lost connection count as progress too: they are kept for the next attempt.
        if (progressOf(kept.plan) > progressAtStart) failures = 0;
        if (error instanceof PlanOutdated) kept.plan = null;
        const ternError = error instanceof TernError ? error : runtime.describe(error);
        // A lost connection mid-sync resumes the plan on a new one; the window going away, a refusal, or a
        // server that keeps failing without progress ends the sync.
        const resumable = !delivering && !this.closed && (error instanceof PlanOutdated || RESUMABLE.has(ternError.code)) && ++failures <= MAX_RESUMES_WITHOUT_PROGRESS;
        this.core.options.log.warn(resumable ? 'sync interrupted, resuming' : 'sync failed', { accountId: request.accountId, reason: ternError.message });
        if (!resumable) {
          if (kept.plan && !delivering && !this.closed) this.unfinished.set(key, { from, plan: kept.plan });
          progress('error', 0, 0, ternError);
          throw ternError;
        }
        await new Promise((resolve) => setTimeout(resolve, failures === 1 ? 300 + Math.random() * 500 : backoffDelay(failures - 2)));
      }
    }
  }

  private numbered(draft: DeltaDraft): MailboxDelta {
    const delta = { ...draft, deltaId: this.nextDeltaId++ };
    encodeAhead(delta);
    return delta;
  }

  /** A delta whose acknowledgement will not come (its sync ended first): its timer stops. */
  private forgetAcknowledgement(deltaId: number): void {
    this.acks.get(deltaId)?.reject(new TernError('DISCONNECTED', 'The sync ended.'));
    this.acks.delete(deltaId);
  }

  /**
   * Sends one delta and waits until the renderer has stored it: the flow control of the whole sync. `after`:
   * the acknowledgement of the delta before, which the host waits for before sending this one; the renderer's
   * time to answer counts from then.
   */
  private deliver(deltaId: number, send: () => void, after?: Promise<void>): Promise<void> {
    if (this.closed) return Promise.reject(new TernError('DISCONNECTED', 'The window closed.'));
    return new Promise<void>((resolve, reject) => {
      // A renderer that stops acknowledging (hung, or gone without a close) must not hold the lane forever.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const arm = () => {
        if (!this.acks.has(deltaId)) return;
        timer = setTimeout(() => {
          this.acks.delete(deltaId);
          reject(new TernError('TIMEOUT', 'The window stopped storing mail; the sync will resume when it is back.'));
        }, ACK_TIMEOUT_MS);
      };
      this.acks.set(deltaId, {
        resolve: () => (clearTimeout(timer), resolve()),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      if (after) after.then(arm, () => undefined);
      else arm();
      send();
    });
  }
}
