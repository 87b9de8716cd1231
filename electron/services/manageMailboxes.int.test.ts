/** Folder management against a real Dovecot, checked with doveadm: nesting with the server's delimiter, non-ASCII names, guards. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateDovecot, type PrivateDovecot } from '../demo/privateDovecot';
import { startSmtpRelay } from '../smtp/lmtpRelay';
import { startEngineHarness, type EngineHarness } from '../testing/engineHarness';
import { plainMessage } from '../testing/testMessages';

const USER = 'hank@example.test';
const PASSWORD = 'folders-pw';
let dovecot: PrivateDovecot;
let relay: { port: number; close(): Promise<void> };
let harness: EngineHarness;
let accountId: string;

const serverFolders = async () => (await dovecot.doveadm(['mailbox', 'list', '-u', USER])).split('\n').map((line) => line.trim()).filter(Boolean).sort();

beforeAll(async () => {
  dovecot = await startPrivateDovecot({ users: [{ user: USER, password: PASSWORD }] });
  relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users: [{ user: USER, password: PASSWORD }] });
  harness = await startEngineHarness({ pollIntervalMs: 60_000 });
  accountId = await harness.addAccount({ dovecot, smtpPort: relay.port, user: USER, password: PASSWORD });
});

afterAll(async () => {
  await harness?.close();
  await relay?.close();
  await dovecot?.stop();
});

describe('folder management', () => {
  it('creates top-level and nested folders with the server’s delimiter, non-ASCII names intact', async () => {
    await harness.client.api.createMailbox({ accountId, parentPath: null, name: 'Réunions' });
    const list = await harness.client.api.createMailbox({ accountId, parentPath: 'Réunions', name: '2026 – Q1 ☀' });
    expect(list.map((m) => m.path)).toContain('Réunions.2026 – Q1 ☀');
    expect(list.find((m) => m.path === 'Réunions.2026 – Q1 ☀')).toMatchObject({ name: '2026 – Q1 ☀', parentPath: 'Réunions' });
    expect(await serverFolders()).toEqual(expect.arrayContaining(['Réunions', 'Réunions.2026 – Q1 ☀']));
  });

  it('renames and moves a folder under another parent, even the one last used', async () => {
    await dovecot.saveMessage(USER, 'Réunions', plainMessage(1));
    await harness.sync(accountId, 'Réunions');
    await harness.client.api.renameMailbox({ accountId, path: 'Réunions', newParentPath: null, newName: 'Meetings' });
    await harness.client.api.createMailbox({ accountId, parentPath: null, name: 'Work' });
    await harness.client.api.renameMailbox({ accountId, path: 'Meetings', newParentPath: 'Work', newName: 'Meetings' });
    const folders = await serverFolders();
    expect(folders).toEqual(expect.arrayContaining(['Work.Meetings', 'Work.Meetings.2026 – Q1 ☀']));
    expect(folders).not.toContain('Réunions');
    await harness.sync(accountId, 'INBOX'); // the connection still works after renaming a folder it had open
  });

  it('deletes a folder, and refuses special folders, INBOX, names with the delimiter, and moving into itself', async () => {
    await harness.client.api.deleteMailbox({ accountId, path: 'Work.Meetings.2026 – Q1 ☀' });
    expect(await serverFolders()).not.toContain('Work.Meetings.2026 – Q1 ☀');
    await expect(harness.client.api.deleteMailbox({ accountId, path: 'Trash' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(harness.client.api.renameMailbox({ accountId, path: 'INBOX', newParentPath: null, newName: 'Old' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(harness.client.api.createMailbox({ accountId, parentPath: null, name: 'a.b' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(harness.client.api.renameMailbox({ accountId, path: 'Work', newParentPath: 'Work.Meetings', newName: 'Work' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await serverFolders()).toEqual(expect.arrayContaining(['Trash', 'Work', 'Work.Meetings']));
  });

  it('subscribes what it creates (other clients show only subscribed folders), unsubscribes and subscribes', async () => {
    const subscriptions = (await dovecot.doveadm(['mailbox', 'list', '-u', USER, '-s'])).split('\n').map((line) => line.trim());
    expect(subscriptions).toEqual(expect.arrayContaining(['Work', 'Work.Meetings']));
    let list = await harness.client.api.setMailboxSubscribed({ accountId, path: 'Work', subscribed: false });
    expect(list.find((m) => m.path === 'Work')?.subscribed).toBe(false);
    list = await harness.client.api.setMailboxSubscribed({ accountId, path: 'Work', subscribed: true });
    expect(list.find((m) => m.path === 'Work')?.subscribed).toBe(true);
  });
});
