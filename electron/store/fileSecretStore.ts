/**
 * Browser mode's secret store: a 0600 file in the data dir, readable by this user only. Not encrypted —
 * there is no OS keyring to ask from plain Node — so the UI shows `warning`.
 */
import { join } from 'node:path';
import { readJsonFile, writeJsonFile } from './jsonFile';
import type { SecretStore } from './secretStore';

export class FileSecretStore implements SecretStore {
  readonly warning =
    'Browser mode keeps passwords in a file readable only by your user account (secrets.json, mode 0600), not encrypted by the operating system. Use the desktop app for OS-encrypted storage.';
  /** Browser mode is chosen knowing this; the add-account form shows `warning`. */
  readonly needsConsent = false;
  private readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'secrets.json');
  }

  async get(accountId: string): Promise<string | null> {
    const all = await readJsonFile<Record<string, string>>(this.path, {});
    return Object.hasOwn(all, accountId) ? (all[accountId] ?? null) : null;
  }

  async set(accountId: string, secret: string): Promise<void> {
    const all = await readJsonFile<Record<string, string>>(this.path, {});
    all[accountId] = secret;
    await writeJsonFile(this.path, all, 0o600);
  }

  async delete(accountId: string): Promise<void> {
    const all = await readJsonFile<Record<string, string>>(this.path, {});
    delete all[accountId];
    await writeJsonFile(this.path, all, 0o600);
  }
}
