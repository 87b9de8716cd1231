/**
 * The connection budget against a real Dovecot whose per-user limit (mail_max_userip_connections) stands in
 * for a provider's: the user's own budget is kept (never a refusal, never a wrong-password error), and push
 * that a refusal switched off comes back by itself once the user's other device lets go of its connection.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startPrivateDovecot } from '../demo/privateDovecot';
import { openImapClient } from '../imap/imapClient';
import { createLogger } from '../services/logger';
import { startSmtpRelay } from '../smtp/lmtpRelay';
import { serverSnapshot } from '../testing/cacheMirror';
import { startEngineHarness } from '../testing/engineHarness';
import { plainMessage } from '../testing/testMessages';

const USER = 'erin@example.test';
const PASSWORD = 'budget-pw';
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function serverAllowing(connections: number) {
  const dovecot = await startPrivateDovecot({
    users: [{ user: USER, password: PASSWORD }],
    extraConfig: `protocol imap {\n  mail_max_userip_connections = ${connections}\n}\n`,
  });
  cleanups.push(() => dovecot.stop());
  const relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users: [{ user: USER, password: PASSWORD }] });
  cleanups.push(() => relay.close());
  for (let i = 1; i <= 5; i++) await dovecot.saveMessage(USER, 'INBOX', plainMessage(i));
  return { dovecot, smtpPort: relay.port };
}

describe('the connection budget', () => {
  it('with 1 connection: no push, a plain note instead of an error, and polling still brings every change', async () => {
    const { dovecot, smtpPort } = await serverAllowing(1);
    const harness = await startEngineHarness({ pollIntervalMs: 400 });
    cleanups.push(() => harness.close());
    const accountId = await harness.addAccount({ dovecot, smtpPort, user: USER, password: PASSWORD }, {}, { maxConnections: 1 });

    const limited = await harness.waitForEvent('accountStatusChanged', (s) => s.accountId === accountId && s.state === 'limited', 10_000);
    expect((limited.payload as { error: { code: string; message: string } }).error).toMatchObject({ code: 'CONNECTION_BUDGET', message: expect.stringContaining('one connection') });
    await harness.sync(accountId, 'INBOX');
    const uidValidity = harness.mirror.cursor(accountId, 'INBOX')!.uidValidity;
    expect((await harness.client.api.fetchMessage({ accountId, path: 'INBOX', uid: 2, uidValidity })).text).toContain('Body of message 2.');

    const since = Date.now();
    await dovecot.doveadm(['flags', 'add', '-u', USER, '\\Flagged', 'mailbox', 'INBOX', 'uid', '3']);
    await dovecot.saveMessage(USER, 'INBOX', plainMessage(6));
    await harness.waitForEvent('serverMailboxesChanged', (e) => e.accountId === accountId && e.paths.includes('INBOX'), 5000, since);
    await harness.sync(accountId, 'INBOX');
    expect(harness.mirror.snapshot(accountId, 'INBOX')).toEqual(await serverSnapshot(dovecot, USER, 'INBOX'));

    // The server allows one connection: a second attempt by Tern would have been refused and shrunk the pool.
    expect(harness.logLines.filter((line) => line.includes('connection limit reached'))).toEqual([]);
    expect(harness.events.some((e) => e.name === 'accountStatusChanged' && ['error', 'offline'].includes((e.payload as { state: string }).state))).toBe(false);
  });

  it('with 2 connections: push, syncs and message bodies share them without a refusal', async () => {
    const { dovecot, smtpPort } = await serverAllowing(2);
    const harness = await startEngineHarness({ pollIntervalMs: 60_000 });
    cleanups.push(() => harness.close());
    const accountId = await harness.addAccount({ dovecot, smtpPort, user: USER, password: PASSWORD }, {}, { maxConnections: 2 });
    await harness.waitForEvent('accountStatusChanged', (s) => s.accountId === accountId && s.state === 'online', 10_000);
    await harness.sync(accountId, 'INBOX');
    const uidValidity = harness.mirror.cursor(accountId, 'INBOX')!.uidValidity;
    expect((await harness.client.api.fetchMessage({ accountId, path: 'INBOX', uid: 1, uidValidity })).text).toContain('Body of message 1.');

    // With a poll only every minute, a change seen within 1.5 s came by push.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const since = Date.now();
    await dovecot.doveadm(['flags', 'add', '-u', USER, '\\Seen', 'mailbox', 'INBOX', 'uid', '4']);
    await harness.waitForEvent('serverMailboxesChanged', (e) => e.accountId === accountId && e.paths.includes('INBOX'), 1500, since);
    await harness.sync(accountId, 'INBOX');
    expect(harness.mirror.snapshot(accountId, 'INBOX')).toEqual(await serverSnapshot(dovecot, USER, 'INBOX'));
    expect(harness.logLines.filter((line) => line.includes('connection limit reached'))).toEqual([]);
  });

  it('push given up to a connection limit comes back once another device lets go of its connection', { timeout: 120_000 }, async (ctx) => {
    const { dovecot, smtpPort } = await serverAllowing(2);
    const harness = await startEngineHarness({ pollIntervalMs: 60_000, pushRetryMs: 1500 });
    cleanups.push(() => harness.close());
    // "Another device" holds one of the two connections: Tern's sync lane is refused, so push gives way.
    const otherDevice = await openImapClient({
      server: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none', username: USER },
      password: PASSWORD,
      log: createLogger(() => undefined),
    });
    cleanups.push(() => otherDevice.logout().catch(() => otherDevice.close()));
    const limitedAt = Date.now();
    const accountId = await harness.addAccount({ dovecot, smtpPort, user: USER, password: PASSWORD });
    await harness.sync(accountId, 'INBOX');
    // The refused connection is usually the watcher's (then 'limited', with CONNECTION_LIMIT); on a loaded machine
    // Dovecot may instead end it before answering LOGIN, which reads as a lost link ('offline', retried with
    // backoff). Either way push is off until a slot frees.
    const statuses = () => JSON.stringify(harness.events.filter((e) => e.name === 'accountStatusChanged').map((e) => ({ at: e.at - limitedAt, ...(e.payload as object) })));
    const limited = await harness
      .waitForEvent('accountStatusChanged', (s) => s.accountId === accountId && (s.state === 'limited' || s.state === 'offline'), 20_000, limitedAt)
      .catch(async (error: unknown) => {
        // Dovecot counts a user's sessions per address as each one starts, not atomically: of two logins at the
        // same moment both may get in (16 of 30 simultaneous pairs here), and then nothing was refused to test.
        const sessions = (await dovecot.doveadm(['who', '-1', USER])).trim().split('\n').length - 1;
        if (sessions > 2) ctx.skip(`Dovecot let in ${sessions} sessions past its limit of 2 (two logins at once), so nothing was refused`);
        throw new Error(`${(error as Error).message}; the account's states: ${statuses()}`);
      });
    if ((limited.payload as { state: string }).state === 'limited') expect((limited.payload as { error: { code: string } }).error.code).toBe('CONNECTION_LIMIT');
    expect(harness.mirror.snapshot(accountId, 'INBOX')).toEqual(await serverSnapshot(dovecot, USER, 'INBOX'));

    await otherDevice.logout();
    const loggedOutAt = Date.now();
    // Push is tried again on the schedule the account's status announces (retryAt, doubling after each refusal;
    // a try just as the other device leaves may still be refused while Dovecot counts its session): it is back
    // by the announced time plus a margin, however many tries that took.
    type Status = { accountId: string; state: string; error: { code: string } | null; retryAt: number | null };
    const ours = () => harness.events.filter((e) => e.name === 'accountStatusChanged' && (e.payload as Status).accountId === accountId && e.at >= limited.at);
    // It must stay: for a moment Tern's own lanes may still compete for the freed connection (the command lane
    // gives way to push; a refused sync lane makes push give way once more, until its next try).
    let back: (typeof harness.events)[number] | undefined;
    for (;;) {
      const latest = ours().at(-1);
      if (latest && (latest.payload as Status).state === 'online' && Date.now() - latest.at >= 3000) {
        back = latest;
        break;
      }
      const due = Math.max(loggedOutAt, ...ours().map((e) => (e.payload as Status).retryAt ?? 0)) + 15_000;
      if (Date.now() > due) throw new Error(`push did not come back by ${due - limitedAt} ms; the other device left at ${loggedOutAt - limitedAt} ms; the account's states: ${statuses()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Each time push gave way to the limit, the status said when it would be tried again.
    for (const event of ours()) {
      const status = event.payload as Status;
      if (status.state === 'limited' && status.error?.code === 'CONNECTION_LIMIT') expect(status.retryAt).toBeGreaterThan(event.at);
    }

    await new Promise((resolve) => setTimeout(resolve, 500));
    const since = Date.now();
    await dovecot.doveadm(['flags', 'add', '-u', USER, '\\Flagged', 'mailbox', 'INBOX', 'uid', '2']);
    await harness.waitForEvent('serverMailboxesChanged', (e) => e.accountId === accountId && e.paths.includes('INBOX'), 1500, since).catch((error: unknown) => {
      const connections = harness.logLines.filter((line) => /connection limit|push/.test(line));
      throw new Error(`${(error as Error).message}; push came back at ${back.at - limitedAt} ms; the account's states: ${statuses()}; ${connections.join(' | ')}`);
    });
    await harness.sync(accountId, 'INBOX');
    expect(harness.mirror.snapshot(accountId, 'INBOX')).toEqual(await serverSnapshot(dovecot, USER, 'INBOX'));
    expect(harness.events.some((e) => e.name === 'accountStatusChanged' && (e.payload as { state: string }).state === 'error')).toBe(false);
  });
});
