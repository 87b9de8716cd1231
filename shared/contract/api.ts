/**
 * The one contract between the renderer and the engine. Every renderer→main call is a method of TernApi
 * (one argument object, a promise back) and every main→renderer push is a TernEvents entry. Both are
 * mirrored by runtime allow-lists, so nothing outside them can be called or delivered over any transport.
 */
import type { ActionOutcome, MessageAction } from './actions';
import type { AttachmentDelivery, AttachmentDeliveryRequest } from './attachments';
import type { AccountCheck, AccountInput, AccountStatus, AccountSummary, AccountUpdate, IdentityInput } from './accounts';
import type { OutgoingMessage, SendOutcome } from './compose';
import type { DiscoveryResult, OAuthProviderId } from './discovery';
import type { FolderChange, FolderChangeOutcome } from './folders';
import type { DraftLocation, DraftMessage, DraftSaveOutcome, OpenedDraft } from './drafts';
import type { MailboxInfo } from './mailboxes';
import type { AttachedMessage, MessageBody } from './messages';
import type { SearchCriteria, ServerSearchResult } from './search';
import type { DeltaRefusal, MailboxDelta, SyncOutcome, SyncProgress, SyncRequest } from './sync';

export interface HostInfo {
  host: 'electron' | 'web';
  version: string;
  /** Shown to the user when passwords cannot be stored with OS-level encryption. */
  credentialWarning: string | null;
  /** OAuth2 providers this copy of Tern has a client id for: only these offer "Sign in with …". */
  oauthProviders?: OAuthProviderId[];
  /**
   * The password would be stored only obfuscated (Linux without a keyring): the user must agree first, and
   * `AccountInput.allowWeakPasswordStorage` carries that answer.
   */
  askBeforeStoringPassword: boolean;
}

/** A sign-in in progress: the renderer opens `authorizeUrl` in the browser and only ever holds `flowId`. */
export interface OAuthStart {
  flowId: string;
  authorizeUrl: string;
}

export interface AccountRef {
  accountId: string;
}

/** One folder of one account, by its server path. */
export interface FolderRef {
  accountId: string;
  path: string;
}

export interface MessageRef {
  accountId: string;
  path: string;
  uid: number;
  uidValidity: string;
}

export interface AttachmentContent {
  /** Base name only, without control or bidi characters (shared/domain/safeFilename). */
  filename: string;
  mimeType: string;
  size: number;
  contentBase64: string;
}

export interface TernApi {
  getHostInfo(args: Record<string, never>): Promise<HostInfo>;
  listAccounts(args: Record<string, never>): Promise<AccountSummary[]>;
  /**
   * Finds the IMAP/SMTP settings for an address (bundled provider table, autoconfig over HTTPS, SRV, MX), with
   * where they came from and how the provider wants the user to sign in. Never fails for "nothing found".
   */
  discoverSettings(args: { email: string }): Promise<DiscoveryResult>;
  testAccount(args: AccountInput): Promise<AccountCheck>;
  /**
   * Starts an OAuth2 sign-in (PKCE, loopback redirect on 127.0.0.1): the renderer opens the returned URL in the
   * system browser. Refused when no client id is configured for the provider.
   */
  startOAuthSignIn(args: { provider: OAuthProviderId; email: string }): Promise<OAuthStart>;
  /** Waits (up to 5 minutes) for the browser to come back, then exchanges the code; the tokens stay in main. */
  finishOAuthSignIn(args: { flowId: string }): Promise<{ flowId: string }>;
  addAccount(args: AccountInput): Promise<AccountSummary>;
  /** The connection test for a change to a saved account (`password` null: the stored one). */
  testAccountUpdate(args: AccountUpdate): Promise<AccountCheck>;
  /** Saves new settings (and password) after both servers accepted them; the account reconnects with them. */
  updateAccount(args: AccountUpdate): Promise<AccountSummary>;
  /** Replaces the account's From identities (names, addresses, signatures); the first is the default. */
  setIdentities(args: { accountId: string; identities: IdentityInput[] }): Promise<AccountSummary>;
  /** Forgets the account in main: settings, password, connections and its sent-message log. */
  removeAccount(args: AccountRef): Promise<void>;
  listMailboxes(args: AccountRef): Promise<MailboxInfo[]>;
  /** Streams `mailboxChanged` deltas to the caller, each awaiting `acknowledgeDelta`; resolves when in step. */
  syncMailbox(args: SyncRequest): Promise<SyncOutcome>;
  /**
   * The renderer stored the delta (or, with `error`, could not: its storage is full). A refused delta ends
   * that sync with the error; the renderer syncs again from its own cursor when it has room.
   */
  acknowledgeDelta(args: { deltaId: number; error?: DeltaRefusal }): Promise<void>;
  fetchMessage(args: MessageRef): Promise<MessageBody>;
  /**
   * One attachment's bytes, by its position in `MessageBody.attachments`, with a safe base name, for previews in
   * the app. Refused with MESSAGE_TOO_LARGE above 25 MB: larger files are saved with prepareAttachmentDownload.
   */
  fetchAttachment(args: MessageRef & { index: number }): Promise<AttachmentContent>;
  /**
   * Saves or opens one attachment of any size a message can have, without its bytes crossing to the window: the
   * host decides how (see AttachmentDelivery). A program is delivered only with `allowProgram`.
   */
  prepareAttachmentDownload(args: AttachmentDeliveryRequest): Promise<AttachmentDelivery>;
  /**
   * Saves the whole message as it is on the server (a .eml file named after its subject), of any size, also one
   * too large to open: delivered by the host like an attachment. A file that looks like a program is delivered
   * only with `allowProgram`.
   */
  prepareMessageDownload(args: MessageRef & { allowProgram?: boolean }): Promise<AttachmentDelivery>;
  /** A message attached to this one (message/rfc822), parsed for showing nested. */
  openAttachedMessage(args: MessageRef & { index: number }): Promise<AttachedMessage>;
  /** The message as it is on the server, as a message/rfc822 attachment (forward as attachment); at most 10 MB. */
  fetchMessageAsAttachment(args: MessageRef): Promise<AttachmentContent>;
  /** The message as it is on the server (headers and MIME), for "View source"; long ones are cut with a note. */
  fetchMessageSource(args: MessageRef): Promise<{ source: string; truncated: boolean }>;
  /** Network back or the machine woke up: reconnect every account now instead of waiting for the backoff. */
  reconnectAccounts(args: Record<string, never>): Promise<void>;
  /** Carries out one queued user action on the server (idempotent: replaying it after a crash is harmless). */
  applyAction(args: { action: MessageAction }): Promise<ActionOutcome>;
  /**
   * One queued folder change (see FolderChange), idempotent for replays: creating a folder that exists, renaming
   * one whose new name already exists and old name is gone, deleting one already gone all succeed.
   */
  applyFolderChange(args: { change: FolderChange }): Promise<FolderChangeOutcome>;
  /** Folder management, strict (no replay semantics); each returns the account's folder list as it is afterwards. */
  createMailbox(args: { accountId: string; parentPath: string | null; name: string }): Promise<MailboxInfo[]>;
  renameMailbox(args: { accountId: string; path: string; newParentPath: string | null; newName: string }): Promise<MailboxInfo[]>;
  deleteMailbox(args: { accountId: string; path: string }): Promise<MailboxInfo[]>;
  setMailboxSubscribed(args: { accountId: string; path: string; subscribed: boolean }): Promise<MailboxInfo[]>;
  /** The live state of each account (connection, capabilities, last error), for the status view. */
  listAccountStatus(args: Record<string, never>): Promise<AccountStatus[]>;
  /**
   * Sends one message over the account's SMTP server, saves a copy in its Sent folder and marks the original
   * answered/forwarded. Idempotent by `message.messageId`: a Message-ID this account already sent is answered
   * "already sent" without sending again. Failures come back as an outcome (retry later, or refused and why).
   */
  sendMessage(args: { accountId: string; message: OutgoingMessage }): Promise<SendOutcome>;
  /**
   * Saves a draft in the account's \Drafts folder: APPEND of the new version (\Draft), then UID EXPUNGE of
   * `replaces` and of every other version with the same draftId, so exactly one stays on the server.
   */
  saveDraft(args: { accountId: string; draft: DraftMessage; replaces: DraftLocation | null }): Promise<DraftSaveOutcome>;
  /** Removes every server copy of a draft (discarded); later saves of that draftId are refused as closed. */
  removeDraft(args: { accountId: string; draftId: string; location: DraftLocation | null }): Promise<void>;
  /** A message of the Drafts folder, read back for editing: fields, both bodies and attachments. */
  openDraft(args: MessageRef): Promise<OpenedDraft>;
  /**
   * The largest message the account's SMTP server accepts (its SIZE), in bytes; null when it names none or
   * cannot be asked now. For the composer's warning; sending is refused by the server itself either way.
   */
  getSendLimit(args: AccountRef): Promise<{ maxBytes: number | null }>;
  /**
   * Opens the composer for a draft (already stored in IndexedDB) in a window of its own. The desktop app makes
   * the window (same secure preferences as the main one) and answers `opened: true`; browser mode has no
   * windows to make and answers false, and the page opens a tab itself.
   */
  openComposeWindow(args: { draftId: string }): Promise<{ opened: boolean }>;
  /** IMAP SEARCH in one folder: the newest matches' headers (at most 200) and the total count. */
  searchOnServer(args: { accountId: string; path: string; criteria: SearchCriteria }): Promise<ServerSearchResult>;
  /** Unread mail in every Inbox, for the dock/taskbar badge and the tray (the desktop app; a no-op in a browser). */
  setUnreadCount(args: { count: number }): Promise<void>;
  /**
   * The folder the window shows, or null (none, or a view across folders such as All inboxes). That account's
   * push connection IDLEs on it instead of INBOX, so its changes show at once; every other account's, and all
   * of them for null, go back to INBOX. With several windows the last one to tell wins.
   */
  setFolderOnScreen(args: { folder: FolderRef | null }): Promise<void>;
}

export interface TernEvents {
  accountsChanged: { accounts: AccountSummary[] };
  /** The folder list or its counts changed (found by the status poll): the complete, current list. */
  mailboxesChanged: { accountId: string; mailboxes: MailboxInfo[] };
  /** These folders changed on the server (IDLE push or status poll): sync the ones the cache holds. */
  serverMailboxesChanged: { accountId: string; paths: string[] };
  mailboxChanged: MailboxDelta;
  syncProgressed: SyncProgress;
  accountStatusChanged: AccountStatus;
}

export type MethodName = keyof TernApi;
export type EventName = keyof TernEvents;
export type MethodArgs<M extends MethodName> = Parameters<TernApi[M]>[0];
export type MethodResult<M extends MethodName> = Awaited<ReturnType<TernApi[M]>>;

export const METHOD_NAMES = [
  'getHostInfo',
  'listAccounts',
  'discoverSettings',
  'testAccount',
  'startOAuthSignIn',
  'finishOAuthSignIn',
  'addAccount',
  'testAccountUpdate',
  'updateAccount',
  'setIdentities',
  'removeAccount',
  'listMailboxes',
  'syncMailbox',
  'acknowledgeDelta',
  'fetchMessage',
  'fetchAttachment',
  'prepareAttachmentDownload',
  'prepareMessageDownload',
  'fetchMessageSource',
  'openAttachedMessage',
  'fetchMessageAsAttachment',
  'reconnectAccounts',
  'listAccountStatus',
  'applyAction',
  'applyFolderChange',
  'createMailbox',
  'renameMailbox',
  'deleteMailbox',
  'setMailboxSubscribed',
  'sendMessage',
  'saveDraft',
  'removeDraft',
  'openDraft',
  'getSendLimit',
  'openComposeWindow',
  'searchOnServer',
  'setUnreadCount',
  'setFolderOnScreen',
] as const satisfies readonly MethodName[];

export const EVENT_NAMES = [
  'accountsChanged',
  'mailboxesChanged',
  'serverMailboxesChanged',
  'mailboxChanged',
  'syncProgressed',
  'accountStatusChanged',
] as const satisfies readonly EventName[];

// The allow-lists must name every member of the interfaces: a method added above without being listed
// fails to compile here.
type Unlisted<All, Listed> = Exclude<All, Listed>;
const everyMethodListed: [Unlisted<MethodName, (typeof METHOD_NAMES)[number]>] extends [never] ? true : never = true;
const everyEventListed: [Unlisted<EventName, (typeof EVENT_NAMES)[number]>] extends [never] ? true : never = true;
void everyMethodListed;
void everyEventListed;

const methodSet: ReadonlySet<string> = new Set(METHOD_NAMES);
const eventSet: ReadonlySet<string> = new Set(EVENT_NAMES);

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && methodSet.has(name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && eventSet.has(name);
}
