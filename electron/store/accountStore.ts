/** Account settings and From identities (never passwords) in accounts.json under the data dir. */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { AccountInput, AccountSummary, Identity, IdentityInput } from '../../shared/contract/accounts';
import { readJsonFile, writeJsonFile } from './jsonFile';

interface AccountsFile {
  version: 1;
  accounts: AccountSummary[];
}

export class AccountStore {
  private readonly path: string;
  private cache: AccountSummary[] | null = null;
  private writing: Promise<void> = Promise.resolve();
  /** Changes run one at a time: each reads the list, changes it and saves it before the next one reads. */
  private changing: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.path = join(dataDir, 'accounts.json');
  }

  async list(): Promise<AccountSummary[]> {
    if (this.cache === null) {
      const loaded = (await readJsonFile<AccountsFile>(this.path, { version: 1, accounts: [] })).accounts.map(withIdentities);
      // A change may have saved while the file was being read: the cache it set is newer than what was read.
      this.cache ??= loaded;
    }
    return this.cache.map((account) => structuredClone(account));
  }

  private exclusive<T>(change: () => Promise<T>): Promise<T> {
    const run = this.changing.then(change, change);
    this.changing = run.catch(() => undefined);
    return run;
  }

  async get(accountId: string): Promise<AccountSummary | null> {
    return (await this.list()).find((account) => account.id === accountId) ?? null;
  }

  add(input: Omit<AccountInput, 'password'>, oauth2: AccountSummary['oauth2'] = null): Promise<AccountSummary> {
    return this.exclusive(() => this.addNow(input, oauth2));
  }

  private async addNow(input: Omit<AccountInput, 'password'>, oauth2: AccountSummary['oauth2']): Promise<AccountSummary> {
    const account: AccountSummary = {
      id: randomUUID(),
      displayName: input.displayName,
      email: input.email,
      imap: { ...input.imap },
      smtp: { ...input.smtp },
      identities: [{ id: randomUUID(), name: input.displayName, email: input.email, signature: '' }],
      oauth2,
      ...(input.maxConnections === undefined ? {} : { maxConnections: input.maxConnections }),
    };
    await this.save([...(await this.list()), account]);
    return account;
  }

  /** Replaces an account's settings, keeping its id; null when there is no such account. */
  /** `oauth2` undefined keeps how the account signs in; null or a provider changes it. */
  update(accountId: string, settings: Omit<AccountInput, 'password'>, oauth2?: AccountSummary['oauth2']): Promise<AccountSummary | null> {
    return this.exclusive(() => this.updateNow(accountId, settings, oauth2));
  }

  private async updateNow(accountId: string, settings: Omit<AccountInput, 'password'>, oauth2: AccountSummary['oauth2'] | undefined): Promise<AccountSummary | null> {
    const accounts = await this.list();
    const index = accounts.findIndex((account) => account.id === accountId);
    const current = accounts[index];
    if (!current) return null;
    // The first identity follows the account's own name and address while it still shows them.
    const identities = current.identities.map((identity, i) =>
      i === 0 && identity.email === current.email ? { ...identity, email: settings.email, name: identity.name === current.displayName ? settings.displayName : identity.name } : identity,
    );
    const updated: AccountSummary = { ...current, displayName: settings.displayName, email: settings.email, imap: { ...settings.imap }, smtp: { ...settings.smtp }, identities, oauth2: oauth2 === undefined ? (current.oauth2 ?? null) : oauth2 };
    if (settings.maxConnections !== undefined) updated.maxConnections = settings.maxConnections;
    accounts[index] = updated;
    await this.save(accounts);
    return structuredClone(updated);
  }

  /** Replaces an account's From identities (already checked); new ones get an id. Null when there is no such account. */
  setIdentities(accountId: string, inputs: IdentityInput[]): Promise<AccountSummary | null> {
    return this.exclusive(() => this.setIdentitiesNow(accountId, inputs));
  }

  private async setIdentitiesNow(accountId: string, inputs: IdentityInput[]): Promise<AccountSummary | null> {
    const accounts = await this.list();
    const index = accounts.findIndex((account) => account.id === accountId);
    const current = accounts[index];
    if (!current) return null;
    const known = new Set(current.identities.map((identity) => identity.id));
    // An id the account never had is treated as new: ids are ours to give, not the renderer's.
    const identities: Identity[] = inputs.map((input) => ({ ...input, id: input.id !== null && known.has(input.id) ? input.id : randomUUID() }));
    const updated: AccountSummary = { ...current, identities };
    accounts[index] = updated;
    await this.save(accounts);
    return structuredClone(updated);
  }

  remove(accountId: string): Promise<boolean> {
    return this.exclusive(() => this.removeNow(accountId));
  }

  private async removeNow(accountId: string): Promise<boolean> {
    const accounts = await this.list();
    const rest = accounts.filter((account) => account.id !== accountId);
    if (rest.length === accounts.length) return false;
    await this.save(rest);
    return true;
  }

  private async save(accounts: AccountSummary[]): Promise<void> {
    const file: AccountsFile = { version: 1, accounts };
    // A failed write (a full disk) must neither block the next one nor leave the list saying what the file does not.
    const write = this.writing.catch(() => undefined).then(() => writeJsonFile(this.path, file, 0o600));
    this.writing = write;
    await write;
    this.cache = accounts;
  }
}

/** Accounts saved before identities existed get one: their own name and address, without a signature. */
function withIdentities(account: AccountSummary): AccountSummary {
  if (Array.isArray(account.identities) && account.identities.length > 0) return account;
  return { ...account, identities: [{ id: 'default', name: account.displayName, email: account.email, signature: '' }] };
}
