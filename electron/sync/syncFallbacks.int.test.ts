/**
 * The paths a naive client gets wrong: a server without IDLE/CONDSTORE/QRESYNC/MOVE, a provider connection
 * limit, a server that dies and comes back, one account down while another works, a window closed mid-sync.
 * Each ends with the cache (a CacheMirror fed the deltas) equal to the server as doveadm reports it. The
 * naive-server case runs on Dovecot and on Cyrus (another device there: a second IMAP connection).
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { MailboxDelta } from '../../shared/contract/sync';
import { createClient } from '../../shared/ipc/createClient';
import { createTransportPair } from '../../shared/ipc/transport';
import { startPrivateDovecot, type PrivateDovecot } from '../demo/privateDovecot';
import { startSmtpRelay } from '../smtp/lmtpRelay';
import { CacheMirror, serverSnapshot } from '../testing/cacheMirror';
import { startEngineHarness, type EngineHarness } from '../testing/engineHarness';
import { startRecordingProxy } from '../testing/recordingProxy';
import { describeOnServers } from '../testing/describeOnServers';
import { startServerUnderTest, type ServerKind, type ServerUnderTestOptions } from '../testing/serverUnderTest';
import { plainMessage } from '../testing/testMessages';

const USER = 'dave@example.test';
const PASSWORD = 'fallback-pw';
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function serverWith(options: Parameters<typeof startPrivateDovecot>[0] = {}, messages = 20) {
  const dovecot = await startPrivateDovecot({ users: [{ user: USER, password: PASSWORD }], ...options });
  cleanups.push(() => dovecot.stop());
  const relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users: [{ user: USER, password: PASSWORD }] });
  cleanups.push(() => relay.close());
  for (let i = 1; i <= messages; i++) await dovecot.saveMessage(USER, 'INBOX', plainMessage(i));
  return { dovecot, relay };
}

/** A server of either brand with `messages` in INBOX; stopped after the test. */
async function serverUnder(kind: ServerKind, options: Omit<ServerUnderTestOptions, 'user' | 'password'> = {}, messages = 20) {
  const server = await startServerUnderTest(kind, { user: USER, password: PASSWORD, ...options });
  cleanups.push(() => server.stop());
  for (let i = 1; i <= messages; i++) await server.device.append('INBOX', plainMessage(i));
  const inStep = async (harness: EngineHarness, accountId: string) => expect(harness.mirror.snapshot(accountId, 'INBOX')).toEqual(await server.device.snapshot('INBOX'));
  return { server, inStep };
}

async function harnessFor(dovecot: { imapPort: number }, smtpPort: number, pollIntervalMs = 400) {
  const harness = await startEngineHarness({ pollIntervalMs });
  cleanups.push(() => harness.close());
  const accountId = await harness.addAccount({ dovecot, smtpPort, user: USER, password: PASSWORD });
  return { harness, accountId };
}

async function expectInStep(harness: EngineHarness, accountId: string, dovecot: PrivateDovecot, path = 'INBOX') {
  expect(harness.mirror.snapshot(accountId, path)).toEqual(await serverSnapshot(dovecot, USER, path));
}

/** What a naive server advertises; the rest of each brand's capabilities are switched off. */
const NAIVE = 'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE LITERAL+ NAMESPACE UIDPLUS CHILDREN LIST-EXTENDED LIST-STATUS SPECIAL-USE'.split(' ');

await describeOnServers(['dovecot', 'cyrus'], '%s without IDLE, CONDSTORE, QRESYNC or MOVE', ({ kind }) => {
  it(`still syncs new mail, flag changes and expunges (UID diff, chunked FLAGS), noticed by polling`, async () => {
    const { server, inStep } = await serverUnder(kind, { only: NAIVE });
    const { harness, accountId } = await harnessFor(server, server.smtpPort);
    const status = await harness.waitForEvent('accountStatusChanged', (s) => s.accountId === accountId && s.state === 'online');
    const capabilities = (status.payload as { capabilities: string[] }).capabilities;
    expect(capabilities).not.toContain('IDLE');
    expect(capabilities).not.toContain('QRESYNC');
    const first = await harness.sync(accountId, 'INBOX');
    // A first sync empties the folder and brings only what the server listed: there is nothing to check against.
    expect(first.deltas.every((d) => d.present === null)).toBe(true);
    await inStep(harness, accountId);
    // Cyrus still names a HIGHESTMODSEQ in every SELECT answer; without CONDSTORE enabled it must not be trusted.
    expect(harness.mirror.cursor(accountId, 'INBOX')?.highestModseq).toBeNull();

    await new Promise((resolve) => setTimeout(resolve, 900)); // the poll has its baseline
    const since = Date.now();
    await server.device.addFlags('INBOX', '1:5', ['\\Seen']);
    await server.device.expunge('INBOX', '6');
    await server.device.append('INBOX', plainMessage(99));
    await harness.waitForEvent('serverMailboxesChanged', (e) => e.accountId === accountId && e.paths.includes('INBOX'), 3000, since);
    const { deltas } = await harness.sync(accountId, 'INBOX');
    expect(deltas.flatMap((d) => d.flagUpdates).length).toBeGreaterThanOrEqual(5);
    // Without QRESYNC nobody names the expunged message: the cache is checked against the server's complete set.
    expect(deltas.some((d) => d.present !== null)).toBe(true);
    await inStep(harness, accountId);
  });
});

await describeOnServers(['dovecot', 'cyrus'], 'a provider connection limit on %s', ({ kind }) => {
  it(`is not a wrong password: the account settles on the connections it gets, and syncs still work`, async () => {
    const { server, inStep } = await serverUnder(kind, { connectionLimit: 2 });
    const { harness, accountId } = await harnessFor(server, server.smtpPort);
    await harness.waitForEvent('accountStatusChanged', (s) => s.accountId === accountId && s.state === 'online');
    await harness.sync(accountId, 'INBOX');
    await inStep(harness, accountId);
    // Three lanes want a connection and two are allowed. Which one is refused is a race: the command lane
    // (commands then share the sync lane, push stays) or the watcher (push gives way to polling, and takes
    // the connection back from an idle command lane a second later). Either way nobody is told of a wrong password.
    const limitMet = () => harness.logLines.some((line) => line.includes('connection limit reached'));
    for (const due = Date.now() + 5000; !limitMet(); await new Promise((resolve) => setTimeout(resolve, 20))) {
      if (Date.now() > due) throw new Error(`no connection was refused within 5 s; the log: ${harness.logLines.join(' | ')}`);
    }
    const statuses = harness.events.filter((e) => e.name === 'accountStatusChanged').map((e) => e.payload as { state: string; error: { code: string } | null; retryAt: number | null });
    expect(statuses.filter((s) => s.state === 'error' || s.state === 'offline')).toEqual([]);
    for (const limited of statuses.filter((s) => s.state === 'limited')) {
      expect(limited.error?.code).toBe('CONNECTION_LIMIT');
      expect(limited.retryAt).not.toBeNull();
    }

    const since = Date.now();
    await server.device.append('INBOX', plainMessage(77));
    await harness.waitForEvent('serverMailboxesChanged', (e) => e.paths.includes('INBOX'), 5000, since);
    await harness.sync(accountId, 'INBOX');
    await inStep(harness, accountId);
    const body = await harness.client.api.fetchMessage({ accountId, path: 'INBOX', uid: 1, uidValidity: harness.mirror.cursor(accountId, 'INBOX')!.uidValidity });
    expect(body.text).toContain('Body of message 1.');
    expect(['online', 'limited']).toContain(statusOf(harness, accountId));
  });
});

/** The account's state as last announced. */
function statusOf(harness: EngineHarness, accountId: string): string | undefined {
  const ours = harness.events.filter((e) => e.name === 'accountStatusChanged' && (e.payload as { accountId: string }).accountId === accountId);
  return (ours.at(-1)?.payload as { state: string } | undefined)?.state;
}

await describeOnServers(['dovecot', 'cyrus'], '%s going down and coming back', ({ kind }) => {
  it(`shows the account offline with a retry time, reconnects with backoff, and catches up`, async () => {
    const { server, inStep } = await serverUnder(kind, {}, 5);
    const { harness, accountId } = await harnessFor(server, server.smtpPort, 60_000);
    await harness.waitForEvent('accountStatusChanged', (s) => s.accountId === accountId && s.state === 'online');
    await harness.sync(accountId, 'INBOX');

    const downAt = Date.now();
    await server.down();
    const offline = await harness.waitForEvent('accountStatusChanged', (s) => s.accountId === accountId && s.state === 'offline', 10_000, downAt);
    expect((offline.payload as { retryAt: number }).retryAt).toBeGreaterThan(downAt);
    expect(await harness.client.api.listAccounts({})).toHaveLength(1); // the engine itself carries on

    await server.up(); // same port, same mail
    await server.device.append('INBOX', plainMessage(6));
    const upAt = Date.now();
    await harness.waitForEvent('accountStatusChanged', (s) => s.accountId === accountId && s.state === 'online', 40_000, upAt);
    await harness.waitForEvent('serverMailboxesChanged', (e) => e.paths.includes('INBOX'), 5000, upAt);
    await harness.sync(accountId, 'INBOX');
    await inStep(harness, accountId);
    // Backoff, not a storm: a handful of attempts while it was down, not hundreds.
    const attempts = harness.events.filter((e) => e.name === 'accountStatusChanged' && e.at > downAt && (e.payload as { state: string }).state === 'offline').length;
    expect(attempts).toBeLessThan(15);
  });
});

await describeOnServers(['dovecot', 'cyrus'], 'a link to %s that dies silently', ({ kind }) => {
  it(`is noticed by the IDLE renewal and socket timeout, replaced, and caught up`, async () => {
    const { server, inStep } = await serverUnder(kind);
    const proxy = await startRecordingProxy(server.imapPort);
    cleanups.push(() => proxy.close());
    // Short timeouts so the test runs in seconds; the defaults (45 s renewal, 75 s socket) notice within ~2 min.
    const harness = await startEngineHarness({ pollIntervalMs: 60_000, timeouts: { socketMs: 2000, idleRenewMs: 1000 } });
    cleanups.push(() => harness.close());
    const accountId = await harness.addAccount({ dovecot: server, smtpPort: server.smtpPort, user: USER, password: PASSWORD }, { port: proxy.port });
    await harness.waitForEvent('accountStatusChanged', (s) => s.accountId === accountId && s.state === 'online');
    await harness.sync(accountId, 'INBOX');

    const frozeAt = Date.now();
    proxy.freeze();
    await server.device.addFlags('INBOX', '4', ['\\Flagged']);
    const offline = await harness.waitForEvent('accountStatusChanged', (s) => s.accountId === accountId && s.state === 'offline', 10_000, frozeAt);
    expect(offline.at - frozeAt).toBeLessThan(6000);
    proxy.unfreeze();
    await harness.waitForEvent('accountStatusChanged', (s) => s.accountId === accountId && s.state === 'online', 20_000, offline.at);
    await harness.waitForEvent('serverMailboxesChanged', (e) => e.paths.includes('INBOX'), 5000, offline.at);
    await harness.sync(accountId, 'INBOX');
    await inStep(harness, accountId);
  });
});

describe('accounts are independent', () => {
  it('one account whose server is unreachable does not stall another', async () => {
    const { dovecot, relay } = await serverWith();
    const { harness, accountId } = await harnessFor(dovecot, relay.port, 60_000);
    // A second account on the same engine, whose server then goes away.
    const second = await startPrivateDovecot({ users: [{ user: USER, password: PASSWORD }] });
    const secondId = await harness.addAccount({ dovecot: second, smtpPort: relay.port, user: USER, password: PASSWORD });
    await second.stop();
    const started = Date.now();
    const stalled = harness.sync(secondId, 'INBOX').catch((error: unknown) => error);
    await harness.sync(accountId, 'INBOX');
    expect(Date.now() - started).toBeLessThan(3000);
    await expectInStep(harness, accountId, dovecot);
    expect(await stalled).toMatchObject({ code: 'HOST_UNREACHABLE' });
  });
});

describe('a window closed in the middle of a sync', () => {
  it('loses nothing: the next window resumes from its cursor and ends in step', async () => {
    const { dovecot, relay } = await serverWith({}, 120);
    const { harness, accountId } = await harnessFor(dovecot, relay.port, 60_000);
    const [windowEnd, engineEnd] = createTransportPair();
    harness.engine.serve(engineEnd);
    const window = createClient(windowEnd);
    const mirror = new CacheMirror();
    const first = new Promise<MailboxDelta>((resolve) => window.on('mailboxChanged', resolve));
    const abandoned = window.api.syncMailbox({ accountId, path: 'INBOX', cursor: null }).catch((error: unknown) => error);
    mirror.apply(await first); // stored, but the window closes before acknowledging
    windowEnd.close();
    expect(await abandoned).toMatchObject({ code: 'DISCONNECTED' });
    expect(mirror.cursor(accountId, 'INBOX')).toBeNull();

    // The reloaded window: same cache, no cursor yet, so the fill starts over; the upserts are idempotent.
    harness.mirror.folders.set(`${accountId}\u0000INBOX`, new Map(mirror.folders.get(`${accountId}\u0000INBOX`)));
    await harness.sync(accountId, 'INBOX');
    await expectInStep(harness, accountId, dovecot);
  });
});

afterAll(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});
