/**
 * User actions executed by the engine against a real Dovecot, each verified on the server with doveadm and
 * seen by another device (a second engine's sync). Includes a server without MOVE, a vanished message,
 * a deleted target folder and a rebuilt source folder.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MessageAction } from '../../shared/contract/actions';
import { startPrivateDovecot, type PrivateDovecot } from '../demo/privateDovecot';
import { startSmtpRelay } from '../smtp/lmtpRelay';
import { serverSnapshot } from '../testing/cacheMirror';
import { startEngineHarness } from '../testing/engineHarness';
import { plainMessage } from '../testing/testMessages';

const USER = 'frank@example.test';
const PASSWORD = 'actions-pw';
/** An action without the account and UIDVALIDITY, which the test fills in (or overrides). */
type ActionDraft = MessageAction extends infer A ? (A extends MessageAction ? Omit<A, 'accountId' | 'uidValidity'> & { uidValidity?: string } : never) : never;

const perTest: (() => Promise<unknown>)[] = [];
const perSuite: (() => Promise<unknown>)[] = [];

async function setUp(cleanups: (() => Promise<unknown>)[], capabilities?: string) {
  const dovecot = await startPrivateDovecot({ users: [{ user: USER, password: PASSWORD }], ...(capabilities ? { capabilities } : {}) });
  cleanups.push(() => dovecot.stop());
  const relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users: [{ user: USER, password: PASSWORD }] });
  cleanups.push(() => relay.close());
  for (let i = 1; i <= 10; i++) await dovecot.saveMessage(USER, 'INBOX', plainMessage(i));
  const harness = await startEngineHarness({ pollIntervalMs: 60_000 });
  cleanups.push(() => harness.close());
  const accountId = await harness.addAccount({ dovecot, smtpPort: relay.port, user: USER, password: PASSWORD });
  await harness.sync(accountId, 'INBOX');
  const uidValidity = harness.mirror.cursor(accountId, 'INBOX')!.uidValidity;
  const act = (action: ActionDraft) =>
    harness.client.api.applyAction({ action: { accountId, uidValidity, ...action } as MessageAction });
  return { dovecot, relay, harness, accountId, act };
}

const uidsIn = async (dovecot: PrivateDovecot, path: string) => (await serverSnapshot(dovecot, USER, path)).map((line) => Number(line.split(':')[0]));
const flagsOf = async (dovecot: PrivateDovecot, path: string, uid: number) => (await serverSnapshot(dovecot, USER, path)).find((line) => line.startsWith(`${uid}:`));

afterEach(async () => {
  while (perTest.length) await perTest.pop()?.();
});

describe('on a modern server', () => {
  let ctx: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    ctx = await setUp(perSuite);
  });
  afterAll(async () => {
    while (perSuite.length) await perSuite.pop()?.();
  });

  it('adds and removes only the flags the user touched, keeping flags set elsewhere', async () => {
    await ctx.dovecot.doveadm(['flags', 'add', '-u', USER, '$Important', 'mailbox', 'INBOX', 'uid', '1']);
    await ctx.act({ kind: 'setFlags', path: 'INBOX', uids: [1, 2], add: ['\\Seen', '\\Flagged'], remove: [] });
    expect(await flagsOf(ctx.dovecot, 'INBOX', 1)).toBe('1:$Important \\Flagged \\Seen');
    await ctx.act({ kind: 'setFlags', path: 'INBOX', uids: [1], add: [], remove: ['\\Flagged'] });
    expect(await flagsOf(ctx.dovecot, 'INBOX', 1)).toBe('1:$Important \\Seen');
    expect(await flagsOf(ctx.dovecot, 'INBOX', 2)).toBe('2:\\Flagged \\Seen');

    // Another device sees it.
    const other = await startEngineHarness({ pollIntervalMs: 60_000 });
    perTest.push(() => other.close());
    const otherId = await other.addAccount({ dovecot: ctx.dovecot, smtpPort: ctx.relay.port, user: USER, password: PASSWORD });
    await other.sync(otherId, 'INBOX');
    expect(other.mirror.snapshot(otherId, 'INBOX')).toContain('2:\\Flagged \\Seen');
  });

  it('moves with MOVE and reports the new UIDs; a message already gone is dropped silently', async () => {
    const outcome = await ctx.act({ kind: 'move', path: 'INBOX', uids: [3, 4], target: 'Archive' });
    expect(outcome.uidMap.map(([source]) => source).sort()).toEqual([3, 4]);
    expect(await uidsIn(ctx.dovecot, 'INBOX')).not.toContain(3);
    expect((await uidsIn(ctx.dovecot, 'Archive')).sort()).toEqual(outcome.uidMap.map(([, target]) => target).sort());
    await ctx.dovecot.doveadm(['expunge', '-u', USER, 'mailbox', 'INBOX', 'uid', '5']);
    await expect(ctx.act({ kind: 'move', path: 'INBOX', uids: [5], target: 'Archive' })).resolves.toMatchObject({ uidMap: [] });
    await expect(ctx.act({ kind: 'setFlags', path: 'INBOX', uids: [5], add: ['\\Seen'], remove: [] })).resolves.toBeDefined();
  });

  it('deletes permanently with UID EXPUNGE of our UIDs only, never what another device marked \\Deleted', async () => {
    await ctx.dovecot.doveadm(['flags', 'add', '-u', USER, '\\Deleted', 'mailbox', 'INBOX', 'uid', '7']);
    await ctx.act({ kind: 'deletePermanently', path: 'INBOX', uids: [6] });
    const left = await uidsIn(ctx.dovecot, 'INBOX');
    expect(left).not.toContain(6);
    expect(left).toContain(7);
  });

  it('refuses a move to a folder deleted elsewhere and leaves the messages in place', async () => {
    await ctx.dovecot.doveadm(['mailbox', 'create', '-u', USER, 'Gone']);
    await ctx.dovecot.doveadm(['mailbox', 'delete', '-u', USER, 'Gone']);
    await expect(ctx.act({ kind: 'move', path: 'INBOX', uids: [8], target: 'Gone' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await uidsIn(ctx.dovecot, 'INBOX')).toContain(8);
  });

  it('follows a message another device moved meanwhile: the flag and the move reach it where it now is', async () => {
    const idOf = async (uid: number) => (await ctx.dovecot.doveadm(['-f', 'tab', 'fetch', '-u', USER, 'hdr.message-id', 'mailbox', 'INBOX', 'uid', String(uid)])).trim().split('\n')[1]!.trim();
    const [id9, id10] = [await idOf(9), await idOf(10)];
    // Another device files both in Archive before our queued actions reach the server.
    await ctx.dovecot.doveadm(['move', '-u', USER, 'Archive', 'mailbox', 'INBOX', 'uid', '9,10']);
    await ctx.act({ kind: 'setFlags', path: 'INBOX', uids: [9], add: ['\\Flagged'], remove: [], messageIds: [id9] });
    const archived = await serverSnapshot(ctx.dovecot, USER, 'Archive');
    expect(archived.filter((line) => line.includes('\\Flagged'))).toHaveLength(1);
    await ctx.dovecot.doveadm(['mailbox', 'create', '-u', USER, 'Projects']);
    const outcome = await ctx.act({ kind: 'move', path: 'INBOX', uids: [10], target: 'Projects', messageIds: [id10] });
    expect(outcome.uidMap).toHaveLength(1);
    expect(await uidsIn(ctx.dovecot, 'Projects')).toHaveLength(1);
    expect(await serverSnapshot(ctx.dovecot, USER, 'Archive')).toHaveLength(archived.length - 1);
    // Without a Message-ID to follow, a vanished message is dropped silently, as before.
    await expect(ctx.act({ kind: 'setFlags', path: 'INBOX', uids: [9], add: ['\\Seen'], remove: [] })).resolves.toBeDefined();
  });

  it('refuses an action taken under another UIDVALIDITY, and rejects malformed actions', async () => {
    await expect(ctx.act({ kind: 'setFlags', path: 'INBOX', uidValidity: '1', uids: [8], add: ['\\Seen'], remove: [] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(ctx.act({ kind: 'setFlags', path: 'INBOX', uids: [8], add: ['\\Seen)\r\nA1 LOGOUT'], remove: [] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(ctx.act({ kind: 'move', path: 'INBOX', uids: [-1], target: 'Archive' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('on a server without MOVE', () => {
  it('copies, then expunges exactly the moved UIDs (UIDPLUS)', async () => {
    const ctx = await setUp(perTest, 'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ NAMESPACE UIDPLUS CHILDREN LIST-EXTENDED LIST-STATUS SPECIAL-USE CONDSTORE QRESYNC');
    await ctx.dovecot.doveadm(['flags', 'add', '-u', USER, '\\Deleted', 'mailbox', 'INBOX', 'uid', '9']);
    const outcome = await ctx.act({ kind: 'move', path: 'INBOX', uids: [1, 2], target: 'Archive' });
    expect(outcome.uidMap).toHaveLength(2);
    const inbox = await uidsIn(ctx.dovecot, 'INBOX');
    expect(inbox).not.toContain(1);
    expect(inbox).toContain(9); // marked \Deleted elsewhere: not ours to expunge
    expect(await uidsIn(ctx.dovecot, 'Archive')).toHaveLength(2);
  });
});
