/**
 * Editing and removing an account through the contract, against a real Dovecot and SMTP relay: a change is
 * tested before it is saved (with the stored password when none is typed), a refused change changes nothing,
 * and removing takes the settings, the password and the sent log with it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountUpdate } from '../../shared/contract/accounts';
import { startPrivateDovecot, type PrivateDovecot } from '../demo/privateDovecot';
import { startSmtpRelay, type SmtpRelay } from '../smtp/lmtpRelay';
import { startEngineHarness, type EngineHarness } from '../testing/engineHarness';

const ALICE = { user: 'alice@example.test', password: 'alice-Secret-1' };
const BOB = { user: 'bob@example.test', password: 'bob-Secret-2' };
let dovecot: PrivateDovecot;
let relay: SmtpRelay;
let harness: EngineHarness;
let accountId: string;

beforeAll(async () => {
  dovecot = await startPrivateDovecot({ users: [ALICE, BOB] });
  relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users: [ALICE, BOB] });
  await dovecot.doveadm(['mailbox', 'create', '-u', BOB.user, 'OnlyBob']);
  harness = await startEngineHarness();
  accountId = await harness.addAccount({ dovecot, smtpPort: relay.port, ...ALICE });
});

afterAll(async () => {
  await harness?.close();
  await relay?.close();
  await dovecot?.stop();
});

function update(change: Partial<AccountUpdate> = {}): AccountUpdate {
  return {
    accountId,
    displayName: 'Alice',
    email: ALICE.user,
    password: null,
    imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none', username: ALICE.user },
    smtp: { host: '127.0.0.1', port: relay.port, security: 'none', username: ALICE.user },
    ...change,
  };
}

const secrets = async () => JSON.parse(await readFile(join(harness.dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;

describe('editing an account', () => {
  it('tests a change with the stored password when the field is left empty', async () => {
    const check = await harness.client.api.testAccountUpdate(update());
    expect(check.imap).toMatchObject({ ok: true });
    expect(check.smtp).toMatchObject({ ok: true });
    const wrong = await harness.client.api.testAccountUpdate(update({ password: 'not-it' }));
    expect(wrong.imap).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
  });

  it('saves a new name and keeps the password', async () => {
    const saved = await harness.client.api.updateAccount(update({ displayName: 'Alice Liddell' }));
    expect(saved.displayName).toBe('Alice Liddell');
    expect((await harness.client.api.listAccounts({})).map((account) => account.displayName)).toEqual(['Alice Liddell']);
    expect((await secrets())[accountId]).toBe(ALICE.password);
    await harness.waitForEvent('accountsChanged', ({ accounts }) => accounts.some((account) => account.displayName === 'Alice Liddell'));
    // It reconnected with the kept password.
    expect((await harness.client.api.listMailboxes({ accountId })).map((box) => box.path)).toContain('INBOX');
  });

  it('changes nothing when a server refuses the change', async () => {
    await expect(harness.client.api.updateAccount(update({ displayName: 'Mallory', password: 'wrong-password' }))).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    await expect(harness.client.api.updateAccount(update({ displayName: 'Mallory', imap: { host: '127.0.0.1', port: 1, security: 'none', username: ALICE.user } }))).rejects.toMatchObject({ code: 'HOST_UNREACHABLE' });
    expect((await harness.client.api.listAccounts({}))[0]?.displayName).toBe('Alice Liddell');
    expect((await secrets())[accountId]).toBe(ALICE.password);
  });

  it('refuses a plaintext server that is not on this computer, as adding does', async () => {
    await expect(harness.client.api.updateAccount(update({ imap: { host: 'imap.example.org', port: 143, security: 'none', username: ALICE.user } }))).rejects.toMatchObject({ code: 'PLAINTEXT_NOT_ALLOWED' });
  });

  it('stores a new password with new settings, and the account then works as them', async () => {
    const bob = { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' as const, username: BOB.user };
    await harness.client.api.updateAccount(update({ email: BOB.user, password: BOB.password, imap: bob, smtp: { ...bob, port: relay.port } }));
    expect((await secrets())[accountId]).toBe(BOB.password);
    expect((await harness.client.api.listMailboxes({ accountId })).map((box) => box.path)).toContain('OnlyBob');
  });

  it('refuses an update for an account that does not exist', async () => {
    await expect(harness.client.api.updateAccount(update({ accountId: 'nope' }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('removing an account', () => {
  it('forgets its settings, password and sent log', async () => {
    const sent = await harness.client.api.sendMessage({
      accountId,
      message: { messageId: '<remove-me.1@example.test>', date: Date.now(), to: [{ name: '', address: ALICE.user }], cc: [], bcc: [], subject: 'Before removal', text: 'Hi', attachments: [], original: null },
    });
    expect(sent.status).toBe('sent');
    const sentLog = async () => JSON.parse(await readFile(join(harness.dataDir, 'sent-log.json'), 'utf8')) as { accounts: Record<string, unknown> };
    expect(Object.keys((await sentLog()).accounts)).toEqual([accountId]);

    await harness.client.api.removeAccount({ accountId });
    expect(await harness.client.api.listAccounts({})).toEqual([]);
    expect(await secrets()).toEqual({});
    expect((await sentLog()).accounts).toEqual({});
    await expect(harness.client.api.listMailboxes({ accountId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(harness.client.api.removeAccount({ accountId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
