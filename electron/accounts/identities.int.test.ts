/**
 * From identities through the contract against a real Dovecot and SMTP relay: they are stored in main's
 * account store, a message goes out with the chosen identity's name and address (header and envelope), and a
 * message naming an identity that no longer exists is refused rather than sent from the wrong address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../shared/contract/compose';
import { startPrivateDovecot, type PrivateDovecot } from '../demo/privateDovecot';
import { startSmtpRelay, type SmtpRelay } from '../smtp/lmtpRelay';
import { startEngineHarness, type EngineHarness } from '../testing/engineHarness';

const ANA = { user: 'ana@example.test', password: 'ana-Secret-1' };
const BOB = { user: 'bob@example.test', password: 'bob-Secret-2' };
let dovecot: PrivateDovecot;
let relay: SmtpRelay;
let harness: EngineHarness;
let accountId: string;
let n = 0;

beforeAll(async () => {
  dovecot = await startPrivateDovecot({ users: [ANA, BOB] });
  relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users: [ANA, BOB] });
  harness = await startEngineHarness();
  accountId = await harness.addAccount({ dovecot, smtpPort: relay.port, ...ANA });
});

afterAll(async () => {
  await harness?.close();
  await relay?.close();
  await dovecot?.stop();
});

function message(subject: string, identityId: string | null | undefined): OutgoingMessage {
  const base: OutgoingMessage = { messageId: `<identity-${++n}@example.test>`, date: Date.now(), to: [{ name: '', address: BOB.user }], cc: [], bcc: [], subject, text: 'Hello', attachments: [], original: null };
  return identityId === undefined ? base : { ...base, identityId };
}

async function headersOf(subject: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const found = await dovecot.doveadm(['fetch', '-u', BOB.user, 'hdr', 'mailbox', 'INBOX', 'header', 'Subject', subject]);
    if (found.trim()) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no message “${subject}” for Bob`);
}

describe('From identities', () => {
  it('start with the account’s own name and address', async () => {
    const [account] = await harness.client.api.listAccounts({});
    expect(account?.identities).toEqual([{ id: expect.any(String), name: ANA.user, email: ANA.user, signature: '' }]);
  });

  it('are checked, stored with ids main gives, and announced to every window', async () => {
    const [account] = await harness.client.api.listAccounts({});
    const own = account!.identities[0]!;
    await expect(harness.client.api.setIdentities({ accountId, identities: [] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(harness.client.api.setIdentities({ accountId, identities: [{ id: null, name: 'X\r\nBcc: a@evil.test', email: 'x@example.test', signature: '' }] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const saved = await harness.client.api.setIdentities({
      accountId,
      identities: [
        { ...own, name: 'Ana', signature: 'Ana' },
        { id: 'made-up-by-renderer', name: 'Ana at Sales', email: 'sales@example.test', signature: 'Sales team' },
      ],
    });
    expect(saved.identities[0]).toEqual({ id: own.id, name: 'Ana', email: ANA.user, signature: 'Ana' });
    expect(saved.identities[1]).toMatchObject({ name: 'Ana at Sales', email: 'sales@example.test', signature: 'Sales team' });
    expect(saved.identities[1]?.id).not.toBe('made-up-by-renderer');
    await harness.waitForEvent('accountsChanged', ({ accounts }) => accounts[0]?.identities.length === 2);
  });

  it('send from the chosen identity: its name and address in From, its address as the envelope sender', async () => {
    const [account] = await harness.client.api.listAccounts({});
    const sales = account!.identities[1]!;
    const outcome = await harness.client.api.sendMessage({ accountId, message: message('From sales', sales.id) });
    expect(outcome.status).toBe('sent');
    const headers = await headersOf('From sales');
    expect(headers).toMatch(/^From: "?Ana at Sales"? <sales@example\.test>$/m);
    expect(headers).toMatch(/^Return-Path: <sales@example\.test>$/m);

    expect((await harness.client.api.sendMessage({ accountId, message: message('From default', undefined) })).status).toBe('sent');
    expect(await headersOf('From default')).toMatch(/^From: Ana <ana@example\.test>$/m);
  });

  it('refuse a message whose identity was removed, instead of sending it from another address', async () => {
    const outcome = await harness.client.api.sendMessage({ accountId, message: message('Gone', 'no-such-identity') });
    expect(outcome).toMatchObject({ status: 'refused', code: 'SENDER_REJECTED' });
  });
});
