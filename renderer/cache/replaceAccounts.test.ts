import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountSummary } from '../../shared/contract/accounts';
import { openTernDb, type TernDb } from './db';
import { forgetAccountMail } from './forgetAccountMail';
import { replaceAccounts } from './replaceAccounts';

const account = (id: string): AccountSummary => ({
  id,
  displayName: id,
  email: `${id}@example.test`,
  imap: { host: 'imap.example.test', port: 993, security: 'tls', username: id },
  smtp: { host: 'smtp.example.test', port: 465, security: 'tls', username: id },
  identities: [{ id: 'i', name: id, email: `${id}@example.test`, signature: '' }],
});

async function seed(db: TernDb, accountId: string): Promise<void> {
  await db.accounts.put(account(accountId));
  for (const path of ['INBOX', 'Archive']) {
    await db.mailboxes.put({ accountId, path, name: path, delimiter: '/', specialUse: null, subscribed: true, selectable: true, unseen: 0, total: 1 } as never);
    await db.messages.put({ accountId, path, uid: 1, messageId: null, subject: 's', from: [], to: [], cc: [], date: 1, flags: [], size: 1 });
    await db.bodies.put({ accountId, path, uid: 1, fetchedAt: 1 } as never);
    await db.cursors.put({ accountId, path, uidValidity: '1', uidNext: 2, highestModseq: null });
  }
  await db.pendingOps.add({ accountId, op: {}, state: 'queued', attempts: 0, createdAt: 1, error: null });
  await db.outbox.add({ accountId, state: 'queued', message: {} as never, createdAt: 1, sendAfter: 1, attempts: 0, error: null });
}

async function counts(db: TernDb, accountId: string) {
  return {
    accounts: (await db.accounts.get(accountId)) ? 1 : 0,
    mailboxes: await db.mailboxes.where('accountId').equals(accountId).count(),
    messages: await db.messages.filter((row) => row.accountId === accountId).count(),
    bodies: await db.bodies.filter((row) => row.accountId === accountId).count(),
    cursors: await db.cursors.filter((row) => row.accountId === accountId).count(),
    pendingOps: await db.pendingOps.where('accountId').equals(accountId).count(),
    outbox: await db.outbox.where('accountId').equals(accountId).count(),
  };
}

let db: TernDb;
let n = 0;
beforeEach(async () => {
  db = openTernDb(`accounts-${n++}`);
  await seed(db, 'a');
  await seed(db, 'b');
});
afterEach(() => db.delete());

describe('replaceAccounts', () => {
  it('deletes everything cached for a removed account, and nothing of the others', async () => {
    await replaceAccounts(db, [account('b')]);
    expect(await counts(db, 'a')).toEqual({ accounts: 0, mailboxes: 0, messages: 0, bodies: 0, cursors: 0, pendingOps: 0, outbox: 0 });
    expect(await counts(db, 'b')).toEqual({ accounts: 1, mailboxes: 2, messages: 2, bodies: 2, cursors: 2, pendingOps: 1, outbox: 1 });
  });
});

describe('forgetAccountMail', () => {
  it('drops the cached mail and waiting actions of an account that now points elsewhere, keeping the account and its outbox', async () => {
    await forgetAccountMail(db, 'a');
    expect(await counts(db, 'a')).toEqual({ accounts: 1, mailboxes: 0, messages: 0, bodies: 0, cursors: 0, pendingOps: 0, outbox: 1 });
    expect((await counts(db, 'b')).messages).toBe(2);
  });
});
