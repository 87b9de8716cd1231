/**
 * Push follows the folder on screen, against a real Dovecot with doveadm as "another device": with a folder other
 * than INBOX on screen its changes arrive by IDLE within 1.5 s; back on INBOX, INBOX's do; and a followed folder
 * deleted (elsewhere, or by Tern itself) leaves the watcher on INBOX, still pushing. The status poll runs once an
 * hour here, so whatever arrives within 1.5 s arrived by IDLE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FolderRef } from '../../shared/contract/api';
import { startPrivateDovecot, type PrivateDovecot } from '../demo/privateDovecot';
import { startSmtpRelay, type SmtpRelay } from '../smtp/lmtpRelay';
import { serverSnapshot } from '../testing/cacheMirror';
import { startEngineHarness, type EngineHarness } from '../testing/engineHarness';
import { plainMessage } from '../testing/testMessages';

const USER = 'gina@example.test';
const PASSWORD = 'follow-pw';
const PUSH_WITHIN_MS = 1500;
let dovecot: PrivateDovecot;
let relay: SmtpRelay;
let harness: EngineHarness;
let accountId: string;

const doveadm = (...args: string[]) => dovecot.doveadm(args);
const settle = (ms = 500) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  dovecot = await startPrivateDovecot({ users: [{ user: USER, password: PASSWORD }] });
  relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users: [{ user: USER, password: PASSWORD }] });
  for (let i = 1; i <= 10; i++) await dovecot.saveMessage(USER, 'INBOX', plainMessage(i));
  for (const folder of ['Work', 'Doomed', 'Scratch']) {
    await doveadm('mailbox', 'create', '-u', USER, folder);
    for (let i = 1; i <= 5; i++) await dovecot.saveMessage(USER, folder, plainMessage(100 + i, { subject: `${folder} ${i}` }));
  }
  harness = await startEngineHarness({ pollIntervalMs: 3_600_000 });
  accountId = await harness.addAccount({ dovecot, smtpPort: relay.port, user: USER, password: PASSWORD });
  await harness.waitForEvent('accountStatusChanged', (s) => s.accountId === accountId && s.state === 'online');
  for (const path of ['INBOX', 'Work', 'Doomed', 'Scratch']) await harness.sync(accountId, path);
});

afterAll(async () => {
  await harness?.close();
  await relay?.close();
  await dovecot?.stop();
});

/** Puts `path` on screen (null: none) and waits for the watcher to be on it: its catch-up names it. */
async function onScreen(path: string | null): Promise<void> {
  const since = Date.now();
  const folder: FolderRef | null = path === null ? null : { accountId, path };
  await harness.client.api.setFolderOnScreen({ folder });
  await harness.waitForEvent('serverMailboxesChanged', (e) => e.accountId === accountId && e.paths.includes(path ?? 'INBOX'), 5000, since);
  await settle(); // into IDLE (imapflow idles 300 ms after the EXAMINE)
}

/** Runs a change on "another device", waits for the push naming `path`, syncs it, and returns the latency. */
async function pushedAndSynced(path: string, change: () => Promise<unknown>): Promise<number> {
  const since = Date.now();
  await change();
  const event = await harness.waitForEvent('serverMailboxesChanged', (e) => e.accountId === accountId && e.paths.includes(path), 3000, since);
  await harness.sync(accountId, path);
  expect(harness.mirror.snapshot(accountId, path)).toEqual(await serverSnapshot(dovecot, USER, path));
  return event.at - since;
}

describe('push follows the folder on screen', () => {
  it('with a folder other than INBOX on screen, its flags, new mail and expunges arrive by IDLE', async () => {
    await onScreen('Work');
    expect(await pushedAndSynced('Work', () => doveadm('flags', 'add', '-u', USER, '\\Flagged', 'mailbox', 'Work', 'uid', '2'))).toBeLessThan(PUSH_WITHIN_MS);
    expect(harness.mirror.snapshot(accountId, 'Work')).toContain('2:\\Flagged');
    expect(await pushedAndSynced('Work', () => dovecot.saveMessage(USER, 'Work', plainMessage(200, { subject: 'pushed to Work' })))).toBeLessThan(PUSH_WITHIN_MS);
    expect(await pushedAndSynced('Work', () => doveadm('expunge', '-u', USER, 'mailbox', 'Work', 'uid', '3'))).toBeLessThan(PUSH_WITHIN_MS);
    expect(harness.mirror.snapshot(accountId, 'Work').some((line) => line.startsWith('3:'))).toBe(false);
  });

  it('with another folder on screen, new mail in INBOX is still noticed, by the poll, within 15 s', async () => {
    // The hourly poll began its wait before Work was put on screen: leaving INBOX must shorten that wait.
    // (Work is on screen since the test above; telling again moves nothing.)
    await harness.client.api.setFolderOnScreen({ folder: { accountId, path: 'Work' } });
    await settle(800);
    const since = Date.now();
    await dovecot.saveMessage(USER, 'INBOX', plainMessage(20, { subject: 'while Work is on screen' }));
    const event = await harness.waitForEvent('serverMailboxesChanged', (e) => e.accountId === accountId && e.paths.includes('INBOX'), 17_000, since);
    expect(event.at - since).toBeLessThan(16_000);
    await harness.sync(accountId, 'INBOX');
    expect(harness.mirror.snapshot(accountId, 'INBOX')).toEqual(await serverSnapshot(dovecot, USER, 'INBOX'));
  }, 30_000);

  it('back on INBOX (nothing of this account on screen), INBOX changes arrive by IDLE again', async () => {
    await onScreen(null);
    expect(await pushedAndSynced('INBOX', () => doveadm('flags', 'add', '-u', USER, '\\Seen', 'mailbox', 'INBOX', 'uid', '4'))).toBeLessThan(PUSH_WITHIN_MS);
    expect(await pushedAndSynced('INBOX', () => dovecot.saveMessage(USER, 'INBOX', plainMessage(11)))).toBeLessThan(PUSH_WITHIN_MS);
  });

  it('a followed folder deleted on another device leaves the watcher on INBOX, still pushing', async () => {
    await onScreen('Doomed');
    const since = Date.now();
    // Dovecot ends the session that has the deleted folder selected ("IMAP session state is inconsistent, please
    // relogin"); the watcher reconnects at once, without a backoff wait and without showing the account offline,
    // cannot open the folder again, and falls back to INBOX on the new connection.
    await doveadm('mailbox', 'delete', '-u', USER, 'Doomed');
    await harness.waitForEvent('accountStatusChanged', (s) => s.accountId === accountId && s.state === 'online', 15_000, since);
    const back = await harness.waitForEvent('serverMailboxesChanged', (e) => e.accountId === accountId && e.paths.includes('INBOX'), 5000, since);
    expect(back.at - since).toBeLessThan(1000);
    await settle();
    expect(harness.logLines.some((line) => line.includes('push falls back to INBOX'))).toBe(true);
    const states = harness.events.filter((e) => e.name === 'accountStatusChanged' && e.at >= since).map((e) => (e.payload as { state: string }).state);
    expect(states).not.toContain('offline');
    expect(await pushedAndSynced('INBOX', () => doveadm('flags', 'add', '-u', USER, '\\Flagged', 'mailbox', 'INBOX', 'uid', '5'))).toBeLessThan(PUSH_WITHIN_MS);
  });

  it('the folder on screen deleted by Tern itself: the watcher steps out first, so push never drops', async () => {
    await onScreen('Scratch');
    const since = Date.now();
    await harness.client.api.deleteMailbox({ accountId, path: 'Scratch' });
    expect(await pushedAndSynced('INBOX', () => doveadm('flags', 'remove', '-u', USER, '\\Flagged', 'mailbox', 'INBOX', 'uid', '5'))).toBeLessThan(PUSH_WITHIN_MS);
    const dropped = harness.events.filter((e) => e.name === 'accountStatusChanged' && e.at >= since && (e.payload as { state: string }).state !== 'online');
    expect(dropped).toEqual([]);
  });
});
