/**
 * Push follows the folder on screen, against real servers — Dovecot (doveadm as "another device") and Cyrus (a
 * second IMAP connection) — with the same test bodies: with a folder other than INBOX on screen its changes
 * arrive by IDLE within 1.5 s; back on INBOX, INBOX's do; and a followed folder deleted (elsewhere, or by Tern
 * itself) leaves the watcher on INBOX, still pushing. The status poll runs once an hour here, so whatever
 * arrives within 1.5 s arrived by IDLE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FolderRef } from '../../shared/contract/api';
import { startEngineHarness, type EngineHarness } from '../testing/engineHarness';
import { describeOnServers } from '../testing/describeOnServers';
import { startServerUnderTest, type ServerUnderTest } from '../testing/serverUnderTest';
import { plainMessage } from '../testing/testMessages';

const USER = 'gina@example.test';
const PASSWORD = 'follow-pw';
const PUSH_WITHIN_MS = 1500;
const settle = (ms = 500) => new Promise((resolve) => setTimeout(resolve, ms));

await describeOnServers(['dovecot', 'cyrus'], 'push follows the folder on screen, on %s', ({ kind }) => {

  let server: ServerUnderTest;
  let harness: EngineHarness;
  let accountId: string;

  beforeAll(async () => {
    server = await startServerUnderTest(kind, { user: USER, password: PASSWORD });
    for (let i = 1; i <= 10; i++) await server.device.append('INBOX', plainMessage(i));
    for (const folder of ['Work', 'Doomed', 'Scratch']) {
      await server.device.createFolder(folder);
      for (let i = 1; i <= 5; i++) await server.device.append(folder, plainMessage(100 + i, { subject: `${folder} ${i}` }));
    }
    harness = await startEngineHarness({ pollIntervalMs: 3_600_000 });
    accountId = await harness.addAccount({ dovecot: server, smtpPort: server.smtpPort, user: USER, password: PASSWORD });
    await harness.waitForEvent('accountStatusChanged', (s) => s.accountId === accountId && s.state === 'online');
    for (const path of ['INBOX', 'Work', 'Doomed', 'Scratch']) await harness.sync(accountId, path);
  });

  afterAll(async () => {
    await harness?.close();
    await server?.stop();
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
    expect(harness.mirror.snapshot(accountId, path)).toEqual(await server.device.snapshot(path));
    return event.at - since;
  }

  describe('the watcher', () => {
    it('with a folder other than INBOX on screen, its flags, new mail and expunges arrive by IDLE', async () => {
      await onScreen('Work');
      expect(await pushedAndSynced('Work', () => server.device.addFlags('Work', '2', ['\\Flagged']))).toBeLessThan(PUSH_WITHIN_MS);
      expect(harness.mirror.snapshot(accountId, 'Work')).toContain('2:\\Flagged');
      expect(await pushedAndSynced('Work', () => server.device.append('Work', plainMessage(200, { subject: 'pushed to Work' })))).toBeLessThan(PUSH_WITHIN_MS);
      expect(await pushedAndSynced('Work', () => server.device.expunge('Work', '3'))).toBeLessThan(PUSH_WITHIN_MS);
      expect(harness.mirror.snapshot(accountId, 'Work').some((line) => line.startsWith('3:'))).toBe(false);
    });

    it('with another folder on screen, new mail in INBOX is still noticed, by the poll, within 15 s', async () => {
      // The hourly poll began its wait before Work was put on screen: leaving INBOX must shorten that wait.
      // (Work is on screen since the test above; telling again moves nothing.)
      await harness.client.api.setFolderOnScreen({ folder: { accountId, path: 'Work' } });
      await settle(800);
      const since = Date.now();
      await server.device.append('INBOX', plainMessage(20, { subject: 'while Work is on screen' }));
      const event = await harness.waitForEvent('serverMailboxesChanged', (e) => e.accountId === accountId && e.paths.includes('INBOX'), 17_000, since);
      expect(event.at - since).toBeLessThan(16_000);
      await harness.sync(accountId, 'INBOX');
      expect(harness.mirror.snapshot(accountId, 'INBOX')).toEqual(await server.device.snapshot('INBOX'));
    }, 30_000);

    it('back on INBOX (nothing of this account on screen), INBOX changes arrive by IDLE again', async () => {
      await onScreen(null);
      expect(await pushedAndSynced('INBOX', () => server.device.addFlags('INBOX', '4', ['\\Seen']))).toBeLessThan(PUSH_WITHIN_MS);
      expect(await pushedAndSynced('INBOX', () => server.device.append('INBOX', plainMessage(11)))).toBeLessThan(PUSH_WITHIN_MS);
    });

    it('a followed folder deleted on another device leaves the watcher on INBOX, still pushing', async () => {
      await onScreen('Doomed');
      const since = Date.now();
      // Dovecot ends the session that has the deleted folder selected ("IMAP session state is inconsistent, please
      // relogin"); the watcher reconnects at once, without a backoff wait and without showing the account offline,
      // cannot open the folder again, and falls back to INBOX on the new connection. Cyrus tells an IDLE session
      // nothing when its mailbox is deleted: the status poll that runs while a folder other than INBOX is on
      // screen (every 15 s, POLL_WITHOUT_PUSH_MS) finds the folder gone, and the watcher steps back to INBOX.
      const fallbackWithinMs = kind === 'cyrus' ? 16_000 : 1000;
      await server.device.deleteFolder('Doomed');
      await harness.waitForEvent('accountStatusChanged', (s) => s.accountId === accountId && s.state === 'online', 15_000, since);
      const back = await harness.waitForEvent('serverMailboxesChanged', (e) => e.accountId === accountId && e.paths.includes('INBOX'), fallbackWithinMs + 1000, since);
      expect(back.at - since).toBeLessThan(fallbackWithinMs);
      await settle();
      expect(harness.logLines.some((line) => line.includes('push falls back to INBOX'))).toBe(true);
      const states = harness.events.filter((e) => e.name === 'accountStatusChanged' && e.at >= since).map((e) => (e.payload as { state: string }).state);
      expect(states).not.toContain('offline');
      expect(await pushedAndSynced('INBOX', () => server.device.addFlags('INBOX', '5', ['\\Flagged']))).toBeLessThan(PUSH_WITHIN_MS);
    });

    it('the folder on screen deleted by Tern itself: the watcher steps out first, so push never drops', async () => {
      await onScreen('Scratch');
      const since = Date.now();
      await harness.client.api.deleteMailbox({ accountId, path: 'Scratch' });
      expect(await pushedAndSynced('INBOX', () => server.device.removeFlags('INBOX', '5', ['\\Flagged']))).toBeLessThan(PUSH_WITHIN_MS);
      const dropped = harness.events.filter((e) => e.name === 'accountStatusChanged' && e.at >= since && (e.payload as { state: string }).state !== 'online');
      expect(dropped).toEqual([]);
    });
  });
});
