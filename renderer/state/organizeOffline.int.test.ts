/**
 * Organizing offline, end to end below the UI: the renderer's durable queue (IndexedDB, here fake-indexeddb)
 * in front of a real engine and a real Dovecot. The server is stopped, the user acts, the app restarts (a new
 * engine on the same data dir, a new queue on the same IndexedDB), the server comes back, and doveadm — the
 * "other device" — must show exactly the expected state. Conflicts made meanwhile by another device are
 * refused with a reason and lose nothing.
 */
import 'fake-indexeddb/auto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageAction } from '../../shared/contract/actions';
import { startPrivateDovecot, type PrivateDovecot } from '../../electron/demo/privateDovecot';
import { startSmtpRelay } from '../../electron/smtp/lmtpRelay';
import { startEngineHarness, type EngineHarness } from '../../electron/testing/engineHarness';
import { plainMessage } from '../../electron/testing/testMessages';
import { openTernDb, type TernDb } from '../cache/db';
import { replaceMailboxes } from '../cache/replaceMailboxes';
import { ActionQueue } from './actionQueue';

const USER = 'olive@example.test';
const PASSWORD = 'organize-pw';
const users = [{ user: USER, password: PASSWORD }];
const cleanups: (() => Promise<unknown>)[] = [];
let mailDir: string;
let dovecot: PrivateDovecot;
let relayPort: number;
let db: TernDb;

async function startServer(ports?: PrivateDovecot): Promise<PrivateDovecot> {
  const started = await startPrivateDovecot({ users, mailDir, ...(ports ? { imapPort: ports.imapPort, lmtpPort: ports.lmtpPort } : {}) });
  cleanups.push(() => started.stop());
  return started;
}

const folders = async () => (await dovecot.doveadm(['mailbox', 'list', '-u', USER])).split('\n').map((l) => l.trim()).filter(Boolean).sort();
const subscribed = async () => (await dovecot.doveadm(['mailbox', 'list', '-u', USER, '-s'])).split('\n').map((l) => l.trim()).filter(Boolean).sort();
const subjects = async (path: string) => {
  const [, ...rows] = (await dovecot.doveadm(['-f', 'tab', 'fetch', '-u', USER, 'hdr.subject', 'mailbox', path, 'all'])).trim().split('\n');
  return rows.map((row) => row.trim()).filter(Boolean).sort();
};
const tree = async (accountId: string) => (await db.mailboxes.where('accountId').equals(accountId).toArray()).map((m) => m.path).sort();

async function engine(dataDir?: string): Promise<EngineHarness> {
  const harness = await startEngineHarness({ pollIntervalMs: 60_000, ...(dataDir ? { dataDir } : {}) });
  cleanups.push(() => harness.close());
  return harness;
}

beforeAll(async () => {
  mailDir = await mkdtemp(join(tmpdir(), 'tern-organize-'));
  cleanups.push(() => rm(mailDir, { recursive: true, force: true }));
  dovecot = await startServer();
  const relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users });
  cleanups.push(() => relay.close());
  relayPort = relay.port;
  db = openTernDb('organize-offline');
  cleanups.push(() => db.delete());
});

afterAll(async () => {
  while (cleanups.length) await cleanups.pop()?.().catch(() => undefined);
});

describe('organizing while the server is down', () => {
  it('create + move into it + move a folder under it + delete another, across an app restart: the server ends exactly so', async () => {
    for (let i = 1; i <= 4; i++) await dovecot.saveMessage(USER, 'INBOX', plainMessage(i));
    for (const folder of ['Old', 'Scratch', 'Later']) await dovecot.doveadm(['mailbox', 'create', '-u', USER, '-s', folder]);
    await dovecot.saveMessage(USER, 'Old', plainMessage(10, { subject: 'Kept in Old' }));
    await dovecot.saveMessage(USER, 'Scratch', plainMessage(11, { subject: 'Thrown away' }));

    const dataDir = await mkdtemp(join(tmpdir(), 'tern-organize-app-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const first = await engine(dataDir);
    const accountId = await first.addAccount({ dovecot, smtpPort: relayPort, user: USER, password: PASSWORD });
    await replaceMailboxes(db, accountId, await first.client.api.listMailboxes({ accountId }));
    await first.sync(accountId, 'INBOX');
    const uidValidity = first.mirror.cursor(accountId, 'INBOX')!.uidValidity;
    const refused: string[] = [];
    const queue = new ActionQueue(first.client, db, (error) => refused.push(error.message));

    const ports = dovecot;
    await dovecot.stop();
    await queue.performFolderChange({ kind: 'create', accountId, parentPath: null, name: 'Projects' });
    const move: MessageAction = { kind: 'move', accountId, path: 'INBOX', uidValidity, uids: [1, 2], target: 'Projects' };
    await queue.perform(move);
    await queue.performFolderChange({ kind: 'rename', accountId, path: 'Old', newParentPath: 'Projects', newName: 'Old' });
    await queue.performFolderChange({ kind: 'delete', accountId, path: 'Scratch', messagesAgreed: 1 });
    await queue.performFolderChange({ kind: 'subscribe', accountId, path: 'Later', subscribed: false });
    await queue.flush(accountId);
    expect(await db.pendingOps.count()).toBe(5); // nothing reached the server, nothing was dropped
    expect(refused).toEqual([]);
    const shown = await tree(accountId);
    expect(shown).toEqual(expect.arrayContaining(['Projects', 'Projects.Old', 'Later']));
    expect(shown).not.toContain('Scratch');
    expect(shown).not.toContain('Old');

    // The app restarts while the server is still down: a new engine on the same settings, a new queue on the same IndexedDB.
    await first.close();
    const second = await engine(dataDir);
    const afterRestart = new ActionQueue(second.client, db, (error) => refused.push(error.message));
    expect(await afterRestart.recover()).toEqual([accountId]);
    await afterRestart.flush(accountId);
    expect(refused).toEqual([]);
    expect(await db.pendingOps.count()).toBe(5);

    dovecot = await startServer(ports);
    await afterRestart.flush(accountId);
    expect(refused).toEqual([]);
    expect(await db.pendingOps.count()).toBe(0);

    expect(await folders()).toEqual(['Archive', 'Drafts', 'INBOX', 'Junk', 'Later', 'Projects', 'Projects.Old', 'Sent', 'Trash']);
    expect(await subscribed()).toEqual(expect.arrayContaining(['Projects', 'Projects.Old']));
    expect(await subscribed()).not.toContain('Later');
    expect(await subjects('Projects')).toEqual(['Test message 1', 'Test message 2']);
    expect(await subjects('Projects.Old')).toEqual(['Kept in Old']);
    expect(await subjects('INBOX')).toEqual(['Test message 3', 'Test message 4']);
    // The cached tree is the server's now, and another device sees the same.
    expect(await tree(accountId)).toEqual(await folders());
    const other = await engine();
    const otherId = await other.addAccount({ dovecot, smtpPort: relayPort, user: USER, password: PASSWORD });
    expect((await other.client.api.listMailboxes({ accountId: otherId })).map((m) => m.path).sort()).toEqual(await folders());
    await other.sync(otherId, 'Projects');
    expect(other.mirror.snapshot(otherId, 'Projects')).toHaveLength(2);
    await second.close();
    await other.close();
  });

  it('what another device changed meanwhile is refused with a reason, and nothing is lost', async () => {
    for (const folder of ['Mine', 'Target', 'Busy']) await dovecot.doveadm(['mailbox', 'create', '-u', USER, '-s', folder]);
    const harness = await engine();
    const accountId = await harness.addAccount({ dovecot, smtpPort: relayPort, user: USER, password: PASSWORD });
    await replaceMailboxes(db, accountId, await harness.client.api.listMailboxes({ accountId }));
    await harness.sync(accountId, 'INBOX');
    const uidValidity = harness.mirror.cursor(accountId, 'INBOX')!.uidValidity;
    const refused: string[] = [];
    const queue = new ActionQueue(harness.client, db, (error) => refused.push(`${error.code}: ${error.message}`));
    await db.messages.put({ accountId, path: 'INBOX', uid: 3, messageId: null, subject: 'Test message 3', from: [], to: [], cc: [], date: 3, flags: [], size: 1 });

    const ports = dovecot;
    await dovecot.stop();
    await queue.performFolderChange({ kind: 'rename', accountId, path: 'Mine', newParentPath: null, newName: 'Mine renamed' });
    await queue.perform({ kind: 'move', accountId, path: 'INBOX', uidValidity, uids: [3], target: 'Target' });
    await queue.performFolderChange({ kind: 'delete', accountId, path: 'Busy', messagesAgreed: 0 });
    await queue.flush(accountId);

    dovecot = await startServer(ports);
    // Meanwhile, another device: deletes the folder we renamed and the one we filed into, and files mail in the one we delete.
    await dovecot.doveadm(['mailbox', 'delete', '-u', USER, 'Mine']);
    await dovecot.doveadm(['mailbox', 'delete', '-u', USER, 'Target']);
    await dovecot.saveMessage(USER, 'Busy', plainMessage(20, { subject: 'Filed elsewhere' }));
    await queue.flush(accountId);

    expect(refused).toEqual([
      expect.stringMatching(/^NOT_FOUND: .*“Mine” was deleted or renamed on another device/),
      expect.stringMatching(/^NOT_FOUND: .*“Target” no longer exists/),
      expect.stringMatching(/^CONFLICT: .*“Busy” was not deleted: it now holds 1 message/),
    ]);
    expect(await db.pendingOps.count()).toBe(0);
    expect(await subjects('INBOX')).toContain('Test message 3'); // left where it was
    expect(await db.messages.get([accountId, 'INBOX', 3])).toMatchObject({ subject: 'Test message 3' }); // and shown there again
    expect(await subjects('Busy')).toEqual(['Filed elsewhere']);
    expect(await folders()).not.toContain('Mine renamed');
    expect(await tree(accountId)).toEqual(await folders());
    await harness.close();
  });

  it('replaying a change the server already has is a success (a crash between the command and its answer)', async () => {
    const harness = await engine();
    const accountId = await harness.addAccount({ dovecot, smtpPort: relayPort, user: USER, password: PASSWORD });
    const apply = (change: Parameters<typeof harness.client.api.applyFolderChange>[0]['change']) => harness.client.api.applyFolderChange({ change });
    expect((await apply({ kind: 'create', accountId, parentPath: 'Projects', name: 'Again' })).alreadyDone).toBe(false);
    expect((await apply({ kind: 'create', accountId, parentPath: 'Projects', name: 'Again' })).alreadyDone).toBe(true);
    expect((await apply({ kind: 'rename', accountId, path: 'Projects.Again', newParentPath: null, newName: 'Again' })).alreadyDone).toBe(false);
    expect((await apply({ kind: 'rename', accountId, path: 'Projects.Again', newParentPath: null, newName: 'Again' })).alreadyDone).toBe(true);
    expect((await apply({ kind: 'delete', accountId, path: 'Again', messagesAgreed: 0 })).alreadyDone).toBe(false);
    const outcome = await apply({ kind: 'delete', accountId, path: 'Again', messagesAgreed: 0 });
    expect(outcome.alreadyDone).toBe(true);
    expect(outcome.mailboxes.map((m) => m.path)).not.toContain('Again');
    expect(await folders()).not.toContain('Again');
    await harness.close();
  });
});
