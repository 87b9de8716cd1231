/**
 * The handbook's sync scenarios against real servers — Dovecot (doveadm as "another device") and Cyrus (a
 * second IMAP connection as "another device") — with the same test bodies. Every scenario ends by comparing
 * what the renderer's cache would hold (a CacheMirror fed the very deltas) with the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailboxInfo } from '../../shared/contract/mailboxes';
import { startEngineHarness, type EngineHarness } from '../testing/engineHarness';
import { startRecordingProxy, type RecordingProxy } from '../testing/recordingProxy';
import { describeOnServers } from '../testing/describeOnServers';
import { startServerUnderTest, type ServerUnderTest } from '../testing/serverUnderTest';
import { plainMessage } from '../testing/testMessages';

const USER = 'bob@example.test';
const PASSWORD = 'scenario-pw';

await describeOnServers(['dovecot', 'cyrus'], 'against %s', ({ kind }) => {

  let server: ServerUnderTest;
  let harness: EngineHarness;
  let accountId: string;
  /** A nested folder's path with this server's delimiter. */
  const nested = (...names: string[]) => names.join(server.delimiter);
  const account = () => ({ dovecot: server, smtpPort: server.smtpPort, user: USER, password: PASSWORD });

  async function expectInStep(path: string) {
    expect(harness.mirror.snapshot(accountId, path)).toEqual(await server.device.snapshot(path));
  }

  beforeAll(async () => {
    server = await startServerUnderTest(kind, { user: USER, password: PASSWORD });
    for (let i = 1; i <= 30; i++) await server.device.append('INBOX', plainMessage(i));
    // No periodic poll here: whatever arrives quickly arrived by IDLE push. The polling tests make their own.
    harness = await startEngineHarness({ pollIntervalMs: 3_600_000 });
    accountId = await harness.addAccount(account());
    await harness.waitForEvent('accountStatusChanged', (status) => status.accountId === accountId && status.state === 'online');
    await harness.sync(accountId, 'INBOX');
    await expectInStep('INBOX');
  });

  afterAll(async () => {
    await harness?.close();
    await server?.stop();
  });

  /** Waits for the push that names INBOX after `since`, then syncs it like the renderer does; returns the latency. */
  async function pushedAndSynced(since: number): Promise<number> {
    const event = await harness.waitForEvent('serverMailboxesChanged', (e) => e.accountId === accountId && e.paths.includes('INBOX'), 3000, since);
    await harness.sync(accountId, 'INBOX');
    return event.at - since;
  }

  describe('push while idle (IDLE on INBOX)', () => {
    it('a flag set on another device arrives within a second and a half', async () => {
      await new Promise((resolve) => setTimeout(resolve, 500)); // let the watcher settle into IDLE
      const since = Date.now();
      await server.device.addFlags('INBOX', '7', ['\\Flagged']);
      expect(await pushedAndSynced(since)).toBeLessThan(1500);
      await expectInStep('INBOX');
      expect(harness.mirror.snapshot(accountId, 'INBOX')).toContain('7:\\Flagged');
    });

    it('a flag removed and new mail saved elsewhere arrive too', async () => {
      let since = Date.now();
      await server.device.removeFlags('INBOX', '7', ['\\Flagged']);
      expect(await pushedAndSynced(since)).toBeLessThan(1500);
      since = Date.now();
      await server.device.append('INBOX', plainMessage(31, { subject: 'pushed' }));
      expect(await pushedAndSynced(since)).toBeLessThan(1500);
      await expectInStep('INBOX');
    });

    it('an expunge and a move to another folder arrive, right after a command of ours', async () => {
      await harness.sync(accountId, 'INBOX'); // our own command just before the change
      const since = Date.now();
      await server.device.expunge('INBOX', '2');
      await server.device.move('INBOX', '3', 'Archive');
      expect(await pushedAndSynced(since)).toBeLessThan(1500);
      await expectInStep('INBOX');
      await harness.sync(accountId, 'Archive');
      await expectInStep('Archive');
    });
  });

  describe('status polling and the folder tree', () => {
    let polling: EngineHarness;
    let pollingAccount: string;

    beforeAll(async () => {
      polling = await startEngineHarness({ pollIntervalMs: 400 });
      pollingAccount = await polling.addAccount(account());
    });

    afterAll(() => polling?.close());

    const listed = (paths: string[]) => (mailboxes: MailboxInfo[]) => paths.every((path) => mailboxes.some((m) => m.path === path));

    it('mail arriving in another folder is noticed by the poll, and only that folder is named', async () => {
      await polling.waitForEvent('mailboxesChanged', (e) => e.accountId === pollingAccount, 3000);
      await new Promise((resolve) => setTimeout(resolve, 900)); // two polls: the baseline is in place
      const since = Date.now();
      await server.device.append('Archive', plainMessage(40));
      const event = await polling.waitForEvent('serverMailboxesChanged', (e) => e.paths.includes('Archive'), 3000, since);
      expect((event.payload as { paths: string[] }).paths).toEqual(['Archive']);
      await polling.sync(pollingAccount, 'Archive');
      expect(polling.mirror.snapshot(pollingAccount, 'Archive')).toEqual(await server.device.snapshot('Archive'));
    });

    it('folders created, renamed and deleted elsewhere appear, move and disappear', async () => {
      let since = Date.now();
      await server.device.createFolder(nested('Projects', 'Tern'));
      await polling.waitForEvent('mailboxesChanged', (e) => listed(['Projects', nested('Projects', 'Tern')])(e.mailboxes), 3000, since);
      since = Date.now();
      await server.device.renameFolder(nested('Projects', 'Tern'), nested('Projects', 'Gull'));
      const renamed = await polling.waitForEvent('mailboxesChanged', (e) => listed([nested('Projects', 'Gull')])(e.mailboxes), 3000, since);
      expect((renamed.payload as { mailboxes: MailboxInfo[] }).mailboxes.some((m) => m.path === nested('Projects', 'Tern'))).toBe(false);
      since = Date.now();
      await server.device.deleteFolder(nested('Projects', 'Gull'));
      await polling.waitForEvent('mailboxesChanged', (e) => !e.mailboxes.some((m) => m.path === nested('Projects', 'Gull')), 3000, since);
    });

    it('a sync of a folder deleted elsewhere fails as NOT_FOUND, not as a connection problem', async () => {
      await server.device.createFolder('Doomed');
      await harness.sync(accountId, 'Doomed');
      await server.device.deleteFolder('Doomed');
      await expect(harness.sync(accountId, 'Doomed')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await harness.sync(accountId, 'INBOX'); // the lane recovered (Dovecot ends a session whose mailbox is deleted)
      await expectInStep('INBOX');
    });
  });

  describe('connections that drop', () => {
    it('reconnects after the server kicks every session, and catches up on what changed meanwhile', async () => {
      const since = Date.now();
      await server.kickSessions();
      await harness.waitForEvent('accountStatusChanged', (s) => s.accountId === accountId && s.state === 'offline', 5000, since);
      await server.device.addFlags('INBOX', '10:12', ['\\Seen']);
      await harness.waitForEvent('accountStatusChanged', (s) => s.accountId === accountId && s.state === 'online', 10_000, since);
      await harness.waitForEvent('serverMailboxesChanged', (e) => e.paths.includes('INBOX'), 5000, since);
      await harness.sync(accountId, 'INBOX');
      await expectInStep('INBOX');
    });
  });

  describe('cost of staying in step', () => {
    let proxy: RecordingProxy;
    let proxied: EngineHarness;
    let proxiedAccount: string;

    beforeAll(async () => {
      proxy = await startRecordingProxy(server.imapPort);
      proxied = await startEngineHarness({ pollIntervalMs: 3_600_000 });
      proxiedAccount = await proxied.addAccount(account(), { port: proxy.port });
      await proxied.sync(proxiedAccount, 'INBOX');
    });

    afterAll(async () => {
      await proxied?.close();
      await proxy?.close();
    });

    it('an unchanged mailbox resyncs in under 1 KB from the server (QRESYNC), and 100 flag changes cost little', async () => {
      await proxied.sync(proxiedAccount, 'INBOX'); // first resync selects; measure the next one
      let before = proxy.serverBytes().length;
      const unchanged = await proxied.sync(proxiedAccount, 'INBOX');
      const unchangedBytes = proxy.serverBytes().length - before;
      expect(unchanged.deltas.flatMap((d) => [...d.upserts, ...d.flagUpdates, ...d.vanished])).toEqual([]);
      expect(unchangedBytes).toBeLessThan(1024);

      await server.device.addFlags('INBOX', '1:*', ['$Label1']);
      before = proxy.serverBytes().length;
      const changed = await proxied.sync(proxiedAccount, 'INBOX');
      const changedBytes = proxy.serverBytes().length - before;
      const count = changed.deltas.flatMap((d) => d.flagUpdates).length;
      expect(count).toBeGreaterThan(20);
      // Each change crosses the wire twice: announced in reply to the NOOP that checks the selected folder (about
      // 60 bytes), then named by the QRESYNC EXAMINE (electron/imap/folderUnchanged.ts says why).
      expect(changedBytes / count).toBeLessThan(180);
      expect(proxied.mirror.snapshot(proxiedAccount, 'INBOX')).toEqual(await server.device.snapshot('INBOX'));
    });
  });
});
