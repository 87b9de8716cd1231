/** Account settings (never passwords) in accounts.json under the data dir. */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { AccountInput, AccountSummary } from '../../shared/contract/accounts';
import { readJsonFile, writeJsonFile } from './jsonFile';

interface AccountsFile {
  version: 1;
  accounts: AccountSummary[];
}

export class AccountStore {
  private readonly path: string;
  private cache: AccountSummary[] | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(dataDir: string) {
    this.path = join(dataDir, 'accounts.json');
  }

  async list(): Promise<AccountSummary[]> {
    this.cache ??= (await readJsonFile<AccountsFile>(this.path, { version: 1, accounts: [] })).accounts;
    return this.cache.map((account) => structuredClone(account));
  }

  async get(accountId: string): Promise<AccountSummary | null> {
    return (await this.list()).find((account) => account.id === accountId) ?? null;
  }

  async add(input: Omit<AccountInput, 'password'>): Promise<AccountSummary> {
    const account: AccountSummary = {
      id: randomUUID(),
      displayName: input.displayName,
      email: input.email,
      imap: { ...input.imap },
      smtp: { ...input.smtp },
    };
    await this.save([...(await this.list()), account]);
    return account;
  }

  /** Replaces an account's settings, keeping its id; null when there is no such account. */
  async update(accountId: string, settings: Omit<AccountInput, 'password'>): Promise<AccountSummary | null> {
    const accounts = await this.list();
    const index = accounts.findIndex((account) => account.id === accountId);
    const current = accounts[index];
    if (!current) return null;
    const updated: AccountSummary = { ...current, displayName: settings.displayName, email: settings.email, imap: { ...settings.imap }, smtp: { ...settings.smtp } };
    accounts[index] = updated;
    await this.save(accounts);
    return structuredClone(updated);
  }

  async remove(accountId: string): Promise<boolean> {
    const accounts = await this.list();
    const rest = accounts.filter((account) => account.id !== accountId);
    if (rest.length === accounts.length) return false;
    await this.save(rest);
    return true;
  }

  private async save(accounts: AccountSummary[]): Promise<void> {
    this.cache = accounts;
    const file: AccountsFile = { version: 1, accounts };
    this.writing = this.writing.then(() => writeJsonFile(this.path, file, 0o600));
    await this.writing;
  }
}
