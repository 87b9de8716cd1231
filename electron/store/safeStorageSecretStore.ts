/**
 * The desktop app's secret store: each password encrypted with Electron's safeStorage (Keychain, DPAPI,
 * libsecret/kwallet) and kept as base64 in secrets.json (mode 0600). Only the async safeStorage API is
 * used — the sync one is deprecated in Electron 45 and blocks the main process on keyring prompts.
 */
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import { TernError } from '../../shared/contract/errors';
import { readJsonFile, writeJsonFile } from './jsonFile';
import type { SecretStore } from './secretStore';

export type SafeStorageLike = Pick<
  SafeStorage,
  'encryptStringAsync' | 'decryptStringAsync' | 'isAsyncEncryptionAvailable' | 'getSelectedStorageBackend'
>;

type SecretsFile = Record<string, string>;

export const BASIC_TEXT_WARNING =
  'No system keyring is available, so Tern can only obfuscate saved passwords, not encrypt them: anyone who can ' +
  'read your files could recover them. Install or unlock a keyring (such as GNOME Keyring or KWallet) and restart Tern.';

export class SafeStorageSecretStore implements SecretStore {
  private readonly path: string;
  // Read-modify-write of one file: serialise writers so two concurrent saves cannot drop each other's entry.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly safeStorage: SafeStorageLike,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {
    this.path = join(dataDir, 'secrets.json');
  }

  /** Asked each time: the backend is only known once the app is ready. */
  get warning(): string | null {
    return this.needsConsent ? BASIC_TEXT_WARNING : null;
  }

  /** Without a keyring, Electron only obfuscates with a fixed key: the user decides whether that will do. */
  get needsConsent(): boolean {
    return this.platform === 'linux' && this.safeStorage.getSelectedStorageBackend() === 'basic_text';
  }

  async get(accountId: string): Promise<string | null> {
    const stored = await this.read(accountId);
    if (stored === null) return null;
    const { result, shouldReEncrypt } = await this.safeStorage.decryptStringAsync(Buffer.from(stored, 'base64'));
    if (shouldReEncrypt) {
      // The OS rotated or upgraded the key; store the password under the new one. Failing that is not fatal.
      await this.set(accountId, result).catch(() => {});
    }
    return result;
  }

  async set(accountId: string, secret: string): Promise<void> {
    if (!(await this.safeStorage.isAsyncEncryptionAvailable())) {
      throw new TernError('INTERNAL', 'The system’s password storage is not available, so Tern cannot save the password.');
    }
    const encrypted = (await this.safeStorage.encryptStringAsync(secret)).toString('base64');
    await this.update((all) => {
      all[accountId] = encrypted;
    });
  }

  async delete(accountId: string): Promise<void> {
    await this.update((all) => {
      delete all[accountId];
    });
  }

  /** A prototype-less copy, so an id such as "__proto__" is stored as a key like any other. */
  private async load(): Promise<SecretsFile> {
    const parsed = await readJsonFile<SecretsFile>(this.path, {});
    return Object.assign(Object.create(null) as SecretsFile, parsed);
  }

  private async read(accountId: string): Promise<string | null> {
    await this.queue;
    const all = await this.load();
    return Object.hasOwn(all, accountId) ? (all[accountId] ?? null) : null;
  }

  private update(change: (all: SecretsFile) => void): Promise<void> {
    const next = this.queue.then(async () => {
      const all = await this.load();
      change(all);
      await writeJsonFile(this.path, all, 0o600);
    });
    this.queue = next.catch(() => {});
    return next;
  }
}
