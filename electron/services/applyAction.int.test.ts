/**
 * User actions executed by the engine against real servers (Dovecot; Dovecot without CONDSTORE/QRESYNC/MOVE/
 * IDLE; Cyrus), each verified on the server by "another device" (doveadm, or a second IMAP connection) and
 * seen by a second engine's sync. Includes a server without MOVE, a vanished message, a deleted target
 * folder and a rebuilt source folder.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { MessageAction } from '../../shared/contract/actions';
import { startEngineHarness } from '../testing/engineHarness';
import { describeOnServers } from '../testing/describeOnServers';
import { startServerUnderTest, type ServerKind, type ServerUnderTest } from '../testing/serverUnderTest';
import { plainMessage } from '../testing/testMessages';

const USER = 'frank@example.test';
const PASSWORD = 'actions-pw';
/** An action without the account and UIDVALIDITY, which the test fills in (or overrides). */
type ActionDraft = MessageAction extends infer A ? (A extends MessageAction ? Omit<A, 'accountId' | 'uidValidity'> & { uidValidity?: string } : never) : never;

const perTest: (() => Promise<unknown>)[] = [];
const perSuite: (() => Promise<unknown>)[] = [];

async function setUp(cleanups: (() => Promise<unknown>)[], kind: ServerKind, without?: string[]) {
  const server = await startServerUnderTest(kind, { user: USER, password: PASSWORD, ...(without ? { without } : {}) });
  cleanups.push(() => server.stop());
  for (let i = 1; i <= 10; i++) await server.device.append('INBOX', plainMessage(i));
  const harness = await startEngineHarness({ pollIntervalMs: 60_000 });
  cleanups.push(() => harness.close());
  const account = { dovecot: server, smtpPort: server.smtpPort, user: USER, password: PASSWORD };
  const accountId = await harness.addAccount(account);
  await harness.sync(accountId, 'INBOX');
  const uidValidity = harness.mirror.cursor(accountId, 'INBOX')!.uidValidity;
  const act = (action: ActionDraft) =>
    harness.client.api.applyAction({ action: { accountId, uidValidity, ...action } as MessageAction });
  return { server, account, harness, accountId, act };
}

const uidsIn = async (server: ServerUnderTest, path: string) => (await server.device.snapshot(path)).map((line) => Number(line.split(':')[0]));
const flagsOf = async (server: ServerUnderTest, path: string, uid: number) => (await server.device.snapshot(path)).find((line) => line.startsWith(`${uid}:`));
/** The Message-ID plainMessage(i) carries (UID i in these folders: messages are appended in order). */
const messageIdOf = (index: number) => /^Message-ID: (.*)$/m.exec(plainMessage(index))![1]!.trim();

afterEach(async () => {
  while (perTest.length) await perTest.pop()?.();
});

await describeOnServers(['dovecot', 'dovecot-basic', 'cyrus'], 'on %s', ({ kind }) => {
  let ctx: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    ctx = await setUp(perSuite, kind);
  });
  afterAll(async () => {
    while (perSuite.length) await perSuite.pop()?.();
  });

  it('adds and removes only the flags the user touched, keeping flags set elsewhere', async () => {
    await ctx.server.device.addFlags('INBOX', '1', ['$Important']);
    await ctx.act({ kind: 'setFlags', path: 'INBOX', uids: [1, 2], add: ['\\Seen', '\\Flagged'], remove: [] });
    expect(await flagsOf(ctx.server, 'INBOX', 1)).toBe('1:$Important \\Flagged \\Seen');
    await ctx.act({ kind: 'setFlags', path: 'INBOX', uids: [1], add: [], remove: ['\\Flagged'] });
    expect(await flagsOf(ctx.server, 'INBOX', 1)).toBe('1:$Important \\Seen');
    expect(await flagsOf(ctx.server, 'INBOX', 2)).toBe('2:\\Flagged \\Seen');

    // Another device sees it.
    const other = await startEngineHarness({ pollIntervalMs: 60_000 });
    perTest.push(() => other.close());
    const otherId = await other.addAccount(ctx.account);
    await other.sync(otherId, 'INBOX');
    expect(other.mirror.snapshot(otherId, 'INBOX')).toContain('2:\\Flagged \\Seen');
  });

  it('moves (MOVE, or COPY and UID EXPUNGE) and reports the new UIDs; a message already gone is dropped silently', async () => {
    const outcome = await ctx.act({ kind: 'move', path: 'INBOX', uids: [3, 4], target: 'Archive' });
    expect(outcome.uidMap.map(([source]) => source).sort()).toEqual([3, 4]);
    expect(await uidsIn(ctx.server, 'INBOX')).not.toContain(3);
    expect((await uidsIn(ctx.server, 'Archive')).sort()).toEqual(outcome.uidMap.map(([, target]) => target).sort());
    await ctx.server.device.expunge('INBOX', '5');
    await expect(ctx.act({ kind: 'move', path: 'INBOX', uids: [5], target: 'Archive' })).resolves.toMatchObject({ uidMap: [] });
    await expect(ctx.act({ kind: 'setFlags', path: 'INBOX', uids: [5], add: ['\\Seen'], remove: [] })).resolves.toBeDefined();
  });

  it('deletes permanently with UID EXPUNGE of our UIDs only, never what another device marked \\Deleted', async () => {
    await ctx.server.device.addFlags('INBOX', '7', ['\\Deleted']);
    await ctx.act({ kind: 'deletePermanently', path: 'INBOX', uids: [6] });
    const left = await uidsIn(ctx.server, 'INBOX');
    expect(left).not.toContain(6);
    expect(left).toContain(7);
  });

  it('refuses a move to a folder deleted elsewhere and leaves the messages in place', async () => {
    await ctx.server.device.createFolder('Gone');
    await ctx.server.device.deleteFolder('Gone');
    await expect(ctx.act({ kind: 'move', path: 'INBOX', uids: [8], target: 'Gone' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await uidsIn(ctx.server, 'INBOX')).toContain(8);
  });

  it('follows a message another device moved meanwhile: the flag and the move reach it where it now is', async () => {
    const [id9, id10] = [messageIdOf(9), messageIdOf(10)];
    // Another device files both in Archive before our queued actions reach the server.
    await ctx.server.device.move('INBOX', '9,10', 'Archive');
    await ctx.act({ kind: 'setFlags', path: 'INBOX', uids: [9], add: ['\\Flagged'], remove: [], messageIds: [id9] });
    const archived = await ctx.server.device.snapshot('Archive');
    expect(archived.filter((line) => line.includes('\\Flagged'))).toHaveLength(1);
    await ctx.server.device.createFolder('Projects');
    const outcome = await ctx.act({ kind: 'move', path: 'INBOX', uids: [10], target: 'Projects', messageIds: [id10] });
    expect(outcome.uidMap).toHaveLength(1);
    expect(await uidsIn(ctx.server, 'Projects')).toHaveLength(1);
    expect(await ctx.server.device.snapshot('Archive')).toHaveLength(archived.length - 1);
    // Without a Message-ID to follow, a vanished message is dropped silently, as before.
    await expect(ctx.act({ kind: 'setFlags', path: 'INBOX', uids: [9], add: ['\\Seen'], remove: [] })).resolves.toBeDefined();
  });

  it('refuses an action taken under another UIDVALIDITY, and rejects malformed actions', async () => {
    await expect(ctx.act({ kind: 'setFlags', path: 'INBOX', uidValidity: '1', uids: [8], add: ['\\Seen'], remove: [] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(ctx.act({ kind: 'setFlags', path: 'INBOX', uids: [8], add: ['\\Seen)\r\nA1 LOGOUT'], remove: [] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(ctx.act({ kind: 'move', path: 'INBOX', uids: [-1], target: 'Archive' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

await describeOnServers(['dovecot', 'cyrus'], 'on %s without MOVE', ({ kind }) => {
  it(`copies, then expunges exactly the moved UIDs (UIDPLUS)`, async () => {
    const ctx = await setUp(perTest, kind, ['MOVE']);
    const online = await ctx.harness.waitForEvent('accountStatusChanged', (s) => s.accountId === ctx.accountId && s.state === 'online');
    expect((online.payload as { capabilities: string[] }).capabilities).not.toContain('MOVE');
    await ctx.server.device.addFlags('INBOX', '9', ['\\Deleted']);
    const outcome = await ctx.act({ kind: 'move', path: 'INBOX', uids: [1, 2], target: 'Archive' });
    expect(outcome.uidMap).toHaveLength(2);
    const inbox = await uidsIn(ctx.server, 'INBOX');
    expect(inbox).not.toContain(1);
    expect(inbox).toContain(9); // marked \Deleted elsewhere: not ours to expunge
    expect(await uidsIn(ctx.server, 'Archive')).toHaveLength(2);
  });
});
