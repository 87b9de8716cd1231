/**
 * A resync with nothing changed since the renderer's cursor costs one STATUS on the free command connection
 * instead of a QRESYNC EXAMINE on the sync lane (which Dovecot takes ~100 ms for at 100k messages); with
 * anything changed by another device (flags, expunges, new mail, a rebuilt folder) it still selects and ends
 * exactly equal to the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateDovecot, type PrivateDovecot } from '../demo/privateDovecot';
import { startSmtpRelay, type SmtpRelay } from '../smtp/lmtpRelay';
import { serverSnapshot } from '../testing/cacheMirror';
import { startEngineHarness, type EngineHarness } from '../testing/engineHarness';
import { startRecordingProxy, type RecordingProxy } from '../testing/recordingProxy';
import { plainMessage } from '../testing/testMessages';

const USER = 'frank@example.test';
const PASSWORD = 'resync-pw';
let dovecot: PrivateDovecot;
let relay: SmtpRelay;
let proxy: RecordingProxy;
let harness: EngineHarness;
let accountId: string;

beforeAll(async () => {
  dovecot = await startPrivateDovecot({ users: [{ user: USER, password: PASSWORD }] });
  relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users: [{ user: USER, password: PASSWORD }] });
  for (let i = 1; i <= 30; i++) await dovecot.saveMessage(USER, 'INBOX', plainMessage(i));
  proxy = await startRecordingProxy(dovecot.imapPort);
  // No poll during the test: every command on the wire is the sync's (or the watcher's IDLE).
  harness = await startEngineHarness({ pollIntervalMs: 3_600_000 });
  accountId = await harness.addAccount({ dovecot: { ...dovecot, imapPort: proxy.port } as PrivateDovecot, smtpPort: relay.port, user: USER, password: PASSWORD });
  await harness.waitForEvent('accountStatusChanged', (s) => s.accountId === accountId && s.state === 'online');
  await harness.sync(accountId, 'INBOX');
  // As the window does at start: the listing is the fresh look that lets a resync trust the sync session.
  await harness.client.api.listMailboxes({ accountId });
});

afterAll(async () => {
  await harness?.close();
  await proxy?.close();
  await relay?.close();
  await dovecot?.stop();
});

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

async function expectInStep() {
  expect(harness.mirror.snapshot(accountId, 'INBOX')).toEqual(await serverSnapshot(dovecot, USER, 'INBOX'));
}

describe('resyncing a folder', () => {
  it('asks one STATUS instead of selecting it again when nothing changed', async () => {
    const cursor = harness.mirror.cursor(accountId, 'INBOX');
    const before = proxy.clientBytes();
    const { deltas } = await harness.sync(accountId, 'INBOX');
    const sent = proxy.clientBytes().slice(before.length);
    expect(count(sent, /\bEXAMINE\b|\bSELECT\b/gi)).toBe(0);
    expect(count(sent, /\bSTATUS "?INBOX"? \(/gi)).toBe(1);
    expect(deltas).toEqual([]);
    expect(harness.mirror.cursor(accountId, 'INBOX')).toEqual(cursor);
    await expectInStep();
  });

  it('selects again and brings every change when another device flagged, expunged and delivered', async () => {
    await dovecot.doveadm(['flags', 'add', '-u', USER, '\\Flagged', 'mailbox', 'INBOX', 'uid', '3,7']);
    await dovecot.doveadm(['expunge', '-u', USER, 'mailbox', 'INBOX', 'uid', '5']);
    await dovecot.saveMessage(USER, 'INBOX', plainMessage(31));
    const before = proxy.clientBytes();
    await harness.sync(accountId, 'INBOX');
    expect(count(proxy.clientBytes().slice(before.length), /\bEXAMINE\b/gi)).toBe(1);
    await expectInStep();
  });

  it('notices a single flag change, which moves only HIGHESTMODSEQ', async () => {
    await harness.sync(accountId, 'INBOX');
    await dovecot.doveadm(['flags', 'remove', '-u', USER, '\\Flagged', 'mailbox', 'INBOX', 'uid', '3']);
    const { deltas } = await harness.sync(accountId, 'INBOX');
    expect(deltas.flatMap((d) => d.flagUpdates).map((u) => u.uid)).toContain(3);
    await expectInStep();
  });

  it('notices a folder rebuilt elsewhere with the same counts (another UIDVALIDITY) and starts it over', async () => {
    await dovecot.doveadm(['mailbox', 'create', '-u', USER, 'Rebuilt']);
    await dovecot.saveMessage(USER, 'Rebuilt', plainMessage(100));
    await harness.sync(accountId, 'Rebuilt');
    await harness.client.api.listMailboxes({ accountId }); // as a poll would: Rebuilt is now known
    const before = harness.mirror.cursor(accountId, 'Rebuilt')!;
    await dovecot.doveadm(['mailbox', 'delete', '-u', USER, 'Rebuilt']);
    await dovecot.doveadm(['mailbox', 'create', '-u', USER, 'Rebuilt']);
    await dovecot.saveMessage(USER, 'Rebuilt', plainMessage(101));
    // The sync session, which still has the old folder selected, cannot be trusted to see it rebuilt; the next
    // folder listing (a poll) does, and the sync after it starts the folder over.
    await harness.client.api.listMailboxes({ accountId });
    const { deltas } = await harness.sync(accountId, 'Rebuilt');
    // Starting over with one batch of rows is one round trip: the reset, the rows and the cursor together.
    expect(deltas).toHaveLength(1);
    expect(deltas[0]).toMatchObject({ reset: true, upserts: [expect.objectContaining({ uid: expect.any(Number) })], cursor: expect.objectContaining({ uidValidity: expect.any(String) }) });
    expect(harness.mirror.cursor(accountId, 'Rebuilt')!.uidValidity).not.toBe(before.uidValidity);
    expect(harness.mirror.snapshot(accountId, 'Rebuilt')).toEqual(await serverSnapshot(dovecot, USER, 'Rebuilt'));
  });
});
