/**
 * The engine on its own thread, as both hosts run it, against a real Dovecot: the contract crosses the thread
 * unchanged (calls, events, acknowledged deltas, error codes), what only the host's thread may touch stays
 * there (the password store, download offers, the log's output), and a thread that dies is started again with
 * the renderer's connection joined to it.
 */
import { once } from 'node:events';
import { threadId, type Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateDovecot, type PrivateDovecot } from '../demo/privateDovecot';
import type { MailboxDelta } from '../../shared/contract/sync';
import type { DownloadOffer } from '../services/downloadOffers';
import { startSmtpRelay, type SmtpRelay } from '../smtp/lmtpRelay';
import { FileSecretStore } from '../store/fileSecretStore';
import type { SecretStore } from '../store/secretStore';
import { serverSnapshot } from '../testing/cacheMirror';
import { startEngineHarness, type EngineHarness } from '../testing/engineHarness';
import { messageWithAttachment, plainMessage } from '../testing/testMessages';
import type { EngineThread } from './startEngineThread';

const USER = 'tess@example.test';
const PASSWORD = 'thread-pw-4417';
let dovecot: PrivateDovecot;
let relay: SmtpRelay;
let harness: EngineHarness;
let accountId: string;
/** Each use of the host's password store. */
const secretCalls: Array<{ op: string; key: string }> = [];
const offers: DownloadOffer[] = [];
const threads: Worker[] = [];

/** The host's store, recording each use: the engine's thread can reach it only by asking this one. */
function recordingStore(dataDir: string): SecretStore {
  const store = new FileSecretStore(dataDir);
  return {
    warning: store.warning,
    needsConsent: store.needsConsent,
    get: (key) => (secretCalls.push({ op: 'get', key }), store.get(key)),
    set: (key, secret) => (secretCalls.push({ op: 'set', key }), store.set(key, secret)),
    delete: (key) => (secretCalls.push({ op: 'delete', key }), store.delete(key)),
  };
}

beforeAll(async () => {
  dovecot = await startPrivateDovecot({ users: [{ user: USER, password: PASSWORD }] });
  relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users: [{ user: USER, password: PASSWORD }] });
  for (let i = 1; i <= 300; i++) await dovecot.saveMessage(USER, 'INBOX', plainMessage(i));
  await dovecot.saveMessage(USER, 'INBOX', messageWithAttachment('With a report'));
  harness = await startEngineHarness({
    inThread: true,
    pollIntervalMs: 3_600_000,
    secrets: recordingStore,
    downloads: { offer: (offer) => (offers.push(offer), `/download/${'b'.repeat(32)}`) },
    onThread: (worker) => void threads.push(worker),
  });
  accountId = await harness.addAccount({ dovecot, smtpPort: relay.port, user: USER, password: PASSWORD });
  await harness.waitForEvent('accountStatusChanged', (s) => s.accountId === accountId && s.state === 'online');
}, 60_000);

afterAll(async () => {
  await harness?.close();
  await relay?.close();
  await dovecot?.stop();
});

describe('the engine on its own thread', () => {
  it('runs on another thread, and the password goes to the host’s store and never into the log', async () => {
    expect(threads).toHaveLength(1);
    expect(threads[0]!.threadId).not.toBe(threadId);
    expect(secretCalls).toContainEqual({ op: 'set', key: accountId });
    // The IMAP login read it back from here, through the thread's request.
    expect(secretCalls).toContainEqual({ op: 'get', key: accountId });
    expect(harness.logLines.length).toBeGreaterThan(0);
    expect(harness.logLines.join('\n')).not.toContain(PASSWORD);
  });

  it('syncs a folder through acknowledged deltas, and a flag set elsewhere arrives by push', async () => {
    const { deltas } = await harness.sync(accountId, 'INBOX');
    expect(deltas.length).toBeGreaterThan(0);
    expect(harness.mirror.snapshot(accountId, 'INBOX')).toEqual(await serverSnapshot(dovecot, USER, 'INBOX'));
    expect(harness.mirror.snapshot(accountId, 'INBOX')).toHaveLength(301);

    const since = Date.now();
    await dovecot.doveadm(['flags', 'add', '-u', USER, '\\Flagged', 'mailbox', 'INBOX', 'uid', '7']);
    const pushed = await harness.waitForEvent('serverMailboxesChanged', (e) => e.accountId === accountId && e.paths.includes('INBOX'), 3000, since);
    expect(pushed.at - since).toBeLessThan(1500);
    await harness.sync(accountId, 'INBOX');
    expect(harness.mirror.snapshot(accountId, 'INBOX')).toContain('7:\\Flagged');
    expect(harness.mirror.snapshot(accountId, 'INBOX')).toEqual(await serverSnapshot(dovecot, USER, 'INBOX'));
  });

  it('sends each delta only after the one before was acknowledged, and none after a refusal', async () => {
    const { client } = harness;
    const received: MailboxDelta[] = [];
    const stop = client.on('mailboxChanged', (delta) => received.push(delta));
    const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
    try {
      // 301 messages: the screenful, then two more deltas; the engine hands the next one to this thread early.
      const done = client.api.syncMailbox({ accountId, path: 'INBOX', cursor: null });
      await expect.poll(() => received.length).toBe(1);
      await settle();
      expect(received).toHaveLength(1);
      await client.api.acknowledgeDelta({ deltaId: received[0]!.deltaId });
      await expect.poll(() => received.length).toBe(2);
      await settle();
      expect(received).toHaveLength(2);
      await client.api.acknowledgeDelta({ deltaId: received[1]!.deltaId });
      await expect.poll(() => received.length).toBe(3);
      expect(received[2]!.cursor).not.toBeNull();
      await client.api.acknowledgeDelta({ deltaId: received[2]!.deltaId });
      await done;

      // A refused delta ends the sync, and the delta held behind it never leaves.
      received.length = 0;
      const refused = client.api.syncMailbox({ accountId, path: 'INBOX', cursor: null });
      await expect.poll(() => received.length).toBe(1);
      await settle();
      await client.api.acknowledgeDelta({ deltaId: received[0]!.deltaId, error: { code: 'STORAGE_FULL', message: 'The disk is full.' } });
      await expect(refused).rejects.toMatchObject({ code: 'STORAGE_FULL' });
      await settle();
      expect(received).toHaveLength(1);
    } finally {
      stop();
    }
  });

  it('keeps the contract’s error codes: a wrong password is AUTH_FAILED, an unknown folder NOT_FOUND', async () => {
    await expect(harness.addAccount({ dovecot, smtpPort: relay.port, user: USER, password: 'not-the-password' })).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    await expect(harness.client.api.syncMailbox({ accountId, path: 'No such folder', cursor: null })).rejects.toMatchObject({ code: expect.stringMatching(/NOT_FOUND|FOLDER_GONE/) });
  });

  it('offers a saved attachment through the host’s download server', async () => {
    const cursor = harness.mirror.cursor(accountId, 'INBOX');
    const ref = { accountId, path: 'INBOX', uid: (cursor?.uidNext ?? 2) - 1, uidValidity: cursor?.uidValidity ?? '' };
    const delivery = await harness.client.api.prepareAttachmentDownload({ ...ref, index: 0, action: 'save' });
    expect(delivery).toMatchObject({ kind: 'download', url: `/download/${'b'.repeat(32)}`, filename: 'report.pdf' });
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({ filename: 'report.pdf', size: 13 });
  });

  it('starts a thread that died again, and the same connection reaches the new engine', async () => {
    const engine = harness.engine as EngineThread;
    const [first] = threads;
    // A call the dying thread may or may not have answered is answered either way: never left hanging.
    const inFlight = harness.client.api.listMailboxes({ accountId }).then(() => 'answered', (error: { code: string }) => error.code);
    await first!.terminate();
    expect(await Promise.race([inFlight, new Promise((resolve) => setTimeout(() => resolve('hanging'), 5000))])).toMatch(/^(answered|DISCONNECTED)$/);
    // A window that connects while the thread is being restarted is told so, then served by the new one.
    const late = harness.openClient();
    await expect(late.api.listAccounts({})).rejects.toMatchObject({ code: 'DISCONNECTED' });
    await expect.poll(() => threads.length, { timeout: 15_000 }).toBe(2);
    expect(engine.restarts).toBe(1);
    await expect.poll(async () => harness.client.api.listMailboxes({ accountId }).then((boxes) => boxes.map((box) => box.path), (error: { code: string }) => error.code), { timeout: 15_000 }).toContain('INBOX');
    expect((await late.api.listAccounts({})).map((account) => account.id)).toEqual([accountId]);
    late.dispose();
    // The new engine resumes from the mirror's cursor: nothing to fetch again, and the cache still equals the server.
    const { deltas } = await harness.sync(accountId, 'INBOX');
    expect(deltas.flatMap((delta) => delta.upserts)).toHaveLength(0);
    expect(harness.mirror.snapshot(accountId, 'INBOX')).toEqual(await serverSnapshot(dovecot, USER, 'INBOX'));
  }, 40_000);

  it('ends its thread on shutdown', async () => {
    const current = threads.at(-1)!;
    const exited = once(current, 'exit');
    await harness.engine.shutdown();
    await exited;
  });
});
