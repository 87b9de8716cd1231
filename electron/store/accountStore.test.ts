import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountStore } from './accountStore';

const settings = (email: string) => ({
  displayName: email,
  email,
  imap: { host: 'imap.example.test', port: 993, security: 'tls' as const, username: email },
  smtp: { host: 'smtp.example.test', port: 465, security: 'tls' as const, username: email },
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tern-accounts-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('AccountStore', () => {
  it('keeps an account added while the file is still being read for the first time', async () => {
    const store = new AccountStore(dir);
    const reading = store.list();
    const added = await store.add(settings('a@example.test'));
    await reading;
    expect(await store.get(added.id)).not.toBeNull();
  });

  it('keeps every one of several changes made at once, in memory and on disk', async () => {
    const store = new AccountStore(dir);
    const added = await Promise.all(['a', 'b', 'c', 'd'].map((name) => store.add(settings(`${name}@example.test`))));
    await Promise.all([store.remove(added[0]!.id), store.update(added[1]!.id, settings('b2@example.test')), store.add(settings('e@example.test'))]);
    const emails = (await store.list()).map((account) => account.email).sort();
    expect(emails).toEqual(['b2@example.test', 'c@example.test', 'd@example.test', 'e@example.test']);
    expect((await new AccountStore(dir).list()).map((account) => account.email).sort()).toEqual(emails);
  });
});
