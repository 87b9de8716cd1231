/** State shared by every renderer connection: accounts, their live connections, and who to tell of changes. */
import { join } from 'node:path';
import type { AccountInput, AccountStatus, AccountSummary, IdentityInput } from '../../shared/contract/accounts';
import type { FolderRef, TernEvents } from '../../shared/contract/api';
import { TernError } from '../../shared/contract/errors';
import type { EmitEvent } from '../../shared/ipc/serve';
import { createDiscoveryDeps } from '../accounts/discovery/createDiscoveryDeps';
import type { DiscoveryDeps } from '../accounts/discovery/discoveryTypes';
import { AccountCredentials } from '../accounts/oauth/accountCredentials';
import type { CompletedSignIn } from '../accounts/oauth/oauthSignIns';
import { OAuthSignIns } from '../accounts/oauth/oauthSignIns';
import { MimeWorkerPool } from '../mime/mimeWorkerPool';
import { AccountStore } from '../store/accountStore';
import { AccountRuntime } from './accountRuntime';
import type { EngineOptions } from './engine';
import { AttachmentExports } from './attachmentExports';
import { MessageSourceCache } from './messageSourceCache';

export class EngineCore {
  readonly accounts: AccountStore;
  readonly discovery: DiscoveryDeps;
  readonly credentials: AccountCredentials;
  readonly signIns: OAuthSignIns;
  /** Parses messages off this event loop, which serves every account's sync. */
  readonly mime: MimeWorkerPool;
  /** Message sources on disk, so a large message is downloaded once and never held whole in memory. */
  readonly sources: MessageSourceCache;
  /** Decoded attachments on their way to a save dialog's path or a browser download, never through the window. */
  readonly exports: AttachmentExports;
  private readonly runtimes = new Map<string, AccountRuntime>();
  private readonly listeners = new Set<EmitEvent>();
  /** The folder the last window to tell has on screen (null: none), and that window: push follows it. */
  private screen: { window: object; folder: FolderRef | null } | null = null;

  constructor(readonly options: EngineOptions) {
    this.accounts = new AccountStore(options.dataDir);
    this.discovery = createDiscoveryDeps(options.discovery);
    this.credentials = new AccountCredentials(options.secrets, options.oauth ?? {}, options.log);
    this.signIns = new OAuthSignIns(options.oauth ?? {});
    this.mime = new MimeWorkerPool(options.mimeWorkerScript ? { script: options.mimeWorkerScript } : {});
    this.sources = new MessageSourceCache(join(options.dataDir, 'message-sources'));
    this.exports = new AttachmentExports(join(options.dataDir, 'attachment-exports'));
  }

  subscribe(emit: EmitEvent): () => void {
    this.listeners.add(emit);
    return () => this.listeners.delete(emit);
  }

  broadcast<E extends keyof TernEvents>(name: E, payload: TernEvents[E]): void {
    for (const emit of this.listeners) emit(name, payload);
  }

  /** The account's live connections, started on first use (push and polling begin at once). */
  async runtime(accountId: string): Promise<AccountRuntime> {
    const existing = this.runtimes.get(accountId);
    if (existing) return existing;
    const account = await this.accounts.get(accountId);
    if (!account) throw new TernError('NOT_FOUND', 'This account no longer exists.');
    const raced = this.runtimes.get(accountId);
    if (raced) return raced;
    const runtime = new AccountRuntime(account, {
      credentials: this.credentials,
      log: this.options.log,
      broadcast: (name, payload) => this.broadcast(name, payload),
      pollIntervalMs: this.options.pollIntervalMs ?? 30_000,
      folderOnScreen: this.folderOnScreenOf(accountId),
      ...(this.options.pushRetryMs ? { pushRetryMs: this.options.pushRetryMs } : {}),
      ...(this.options.timeouts ? { timeouts: this.options.timeouts } : {}),
    });
    this.runtimes.set(accountId, runtime);
    runtime.start();
    return runtime;
  }

  /** A window shows `folder` (null: none of any account's): each account's watcher follows it or goes back to INBOX. */
  setFolderOnScreen(window: object, folder: FolderRef | null): void {
    this.screen = { window, folder };
    for (const [accountId, runtime] of this.runtimes) runtime.followFolder(this.folderOnScreenOf(accountId));
  }

  /** A closed window shows nothing: if it was the last to tell, push goes back to INBOX. */
  windowClosed(window: object): void {
    if (this.screen?.window === window) this.setFolderOnScreen(window, null);
  }

  private folderOnScreenOf(accountId: string): string | null {
    const folder = this.screen?.folder;
    return folder?.accountId === accountId ? folder.path : null;
  }

  /** Brings every stored account online: push and polling run whether or not a window is open. */
  async startAll(): Promise<void> {
    for (const account of await this.accounts.list()) await this.runtime(account.id);
  }

  wake(): void {
    for (const runtime of this.runtimes.values()) runtime.wake();
  }

  async statuses(): Promise<AccountStatus[]> {
    const accounts = await this.accounts.list();
    return Promise.all(accounts.map(async (account) => (await this.runtime(account.id)).getStatus()));
  }

  /** Refuses to store a password (or sign-in tokens) the OS would only obfuscate unless the user agreed to that. */
  assertStorageConsent(input: { allowWeakPasswordStorage?: boolean }): void {
    if (this.options.secrets.needsConsent && input.allowWeakPasswordStorage !== true) {
      throw new TernError('INVALID_INPUT', 'This computer has no system keyring, so Tern could only obfuscate your password, not encrypt it. Confirm that you want it stored that way, or install a keyring (such as GNOME Keyring or KWallet) and restart Tern.');
    }
  }

  /** Saves a tested account with its password, or with the tokens of a finished OAuth2 sign-in. */
  async saveAccount(input: AccountInput, signIn: CompletedSignIn | null = null): Promise<AccountSummary> {
    this.assertStorageConsent(input);
    const { password, ...settings } = input;
    const account = await this.accounts.add(settings, signIn ? { provider: signIn.provider } : null);
    try {
      if (signIn) await this.credentials.saveTokens(account.id, signIn.provider, signIn.tokens);
      else await this.options.secrets.set(account.id, password);
    } catch (error) {
      await this.accounts.remove(account.id);
      throw error;
    }
    this.options.log.info('account added', { accountId: account.id, host: account.imap.host });
    this.broadcast('accountsChanged', { accounts: await this.accounts.list() });
    await this.runtime(account.id);
    return account;
  }

  /** New settings (and a new password, unless null) for a saved account; its connections start over with them. */
  async updateAccount(accountId: string, settings: Omit<AccountInput, 'password'>, password: string | null, signIn: CompletedSignIn | null = null): Promise<AccountSummary> {
    if (!(await this.accounts.get(accountId))) throw new TernError('NOT_FOUND', 'This account no longer exists.');
    if (signIn) await this.credentials.saveTokens(accountId, signIn.provider, signIn.tokens);
    else if (password !== null) await this.options.secrets.set(accountId, password);
    // A new sign-in or a new password also says how the account signs in from now on.
    const updated = await this.accounts.update(accountId, settings, signIn ? { provider: signIn.provider } : password !== null ? null : undefined);
    if (!updated) throw new TernError('NOT_FOUND', 'This account no longer exists.');
    const runtime = this.runtimes.get(accountId);
    this.runtimes.delete(accountId);
    await runtime?.close();
    await this.sources.forgetAccount(accountId);
    this.options.log.info('account changed', { accountId, host: updated.imap.host, signInChanged: password !== null || signIn !== null });
    this.broadcast('accountsChanged', { accounts: await this.accounts.list() });
    await this.runtime(accountId);
    return updated;
  }

  /** New From identities; no reconnect needed, only the windows are told. */
  async setIdentities(accountId: string, identities: IdentityInput[]): Promise<AccountSummary> {
    const updated = await this.accounts.setIdentities(accountId, identities);
    if (!updated) throw new TernError('NOT_FOUND', 'This account no longer exists.');
    this.options.log.info('identities changed', { accountId, count: identities.length });
    this.broadcast('accountsChanged', { accounts: await this.accounts.list() });
    return updated;
  }

  async removeAccount(accountId: string): Promise<void> {
    const runtime = this.runtimes.get(accountId);
    this.runtimes.delete(accountId);
    await runtime?.close();
    const account = await this.accounts.get(accountId);
    if (!account) throw new TernError('NOT_FOUND', 'This account no longer exists.');
    await this.credentials.forget(account);
    await this.accounts.remove(accountId);
    await this.sources.forgetAccount(accountId);
    this.options.log.info('account removed', { accountId });
    this.broadcast('accountsChanged', { accounts: await this.accounts.list() });
  }

  async shutdown(): Promise<void> {
    this.signIns.cancelAll();
    const runtimes = [...this.runtimes.values()];
    this.runtimes.clear();
    await Promise.all([...runtimes.map((runtime) => runtime.close()), this.mime.close(), this.exports.close()]);
  }
}
