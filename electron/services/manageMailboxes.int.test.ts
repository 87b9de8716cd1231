/**
 * Folder management against real servers (Dovecot; Dovecot without CONDSTORE/QRESYNC/MOVE/IDLE; Cyrus),
 * checked by "another device" (doveadm, or a second IMAP connection): nesting with the server's delimiter
 * ('.' for Dovecot's maildir, '/' for Cyrus), non-ASCII names (UTF-8 or modified UTF-7), guards.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEngineHarness, type EngineHarness } from '../testing/engineHarness';
import { describeOnServers } from '../testing/describeOnServers';
import { startServerUnderTest, type ServerUnderTest } from '../testing/serverUnderTest';
import { plainMessage } from '../testing/testMessages';

const USER = 'hank@example.test';
const PASSWORD = 'folders-pw';

await describeOnServers(['dovecot', 'dovecot-basic', 'cyrus'], 'folder management on %s', ({ kind }) => {
  let server: ServerUnderTest;
  let harness: EngineHarness;
  let accountId: string;
  /** A nested folder's path with this server's delimiter. */
  const nested = (...names: string[]) => names.join(server.delimiter);
  const serverFolders = () => server.device.folders();

  beforeAll(async () => {
    server = await startServerUnderTest(kind, { user: USER, password: PASSWORD });
    harness = await startEngineHarness({ pollIntervalMs: 60_000 });
    accountId = await harness.addAccount({ dovecot: server, smtpPort: server.smtpPort, user: USER, password: PASSWORD });
  });

  afterAll(async () => {
    await harness?.close();
    await server?.stop();
  });

  it('lists the special folders by their SPECIAL-USE flags, however the server spells them (\\Drafts, \\drafts)', async () => {
    const special = Object.fromEntries((await harness.client.api.listMailboxes({ accountId })).map((m) => [m.path, m.specialUse]));
    expect(special).toMatchObject({ INBOX: 'inbox', Drafts: 'drafts', Sent: 'sent', Trash: 'trash', Junk: 'junk', Archive: 'archive' });
  });

  it('creates top-level and nested folders with the server’s delimiter, non-ASCII names intact', async () => {
    await harness.client.api.createMailbox({ accountId, parentPath: null, name: 'Réunions' });
    const list = await harness.client.api.createMailbox({ accountId, parentPath: 'Réunions', name: '2026 – Q1 ☀' });
    expect(list.map((m) => m.path)).toContain(nested('Réunions', '2026 – Q1 ☀'));
    expect(list.find((m) => m.path === nested('Réunions', '2026 – Q1 ☀'))).toMatchObject({ name: '2026 – Q1 ☀', parentPath: 'Réunions', delimiter: server.delimiter });
    expect(await serverFolders()).toEqual(expect.arrayContaining(['Réunions', nested('Réunions', '2026 – Q1 ☀')]));
  });

  it('renames and moves a folder under another parent, even the one last used', async () => {
    await server.device.append('Réunions', plainMessage(1));
    await harness.sync(accountId, 'Réunions');
    await harness.client.api.renameMailbox({ accountId, path: 'Réunions', newParentPath: null, newName: 'Meetings' });
    await harness.client.api.createMailbox({ accountId, parentPath: null, name: 'Work' });
    await harness.client.api.renameMailbox({ accountId, path: 'Meetings', newParentPath: 'Work', newName: 'Meetings' });
    const folders = await serverFolders();
    expect(folders).toEqual(expect.arrayContaining([nested('Work', 'Meetings'), nested('Work', 'Meetings', '2026 – Q1 ☀')]));
    expect(folders).not.toContain('Réunions');
    // Subfolders keep their subscriptions under the new name, and no old name stays subscribed.
    const subscribed = await server.device.subscribedFolders();
    expect(subscribed).toEqual(expect.arrayContaining([nested('Work', 'Meetings'), nested('Work', 'Meetings', '2026 – Q1 ☀')]));
    expect(subscribed.filter((path) => path.startsWith('Réunions') || path.startsWith('Meetings'))).toEqual([]);
    await harness.sync(accountId, 'INBOX'); // the connection still works after renaming a folder it had open
  });

  it('refuses to delete a folder with subfolders, alike on every server (left to the server, one empties it, another refuses)', async () => {
    await expect(harness.client.api.deleteMailbox({ accountId, path: nested('Work', 'Meetings') })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('subfolders') });
    expect(await serverFolders()).toEqual(expect.arrayContaining([nested('Work', 'Meetings'), nested('Work', 'Meetings', '2026 – Q1 ☀')]));
  });

  it('deletes a folder, and refuses special folders, INBOX, names with the delimiter, and moving into itself', async () => {
    await harness.client.api.deleteMailbox({ accountId, path: nested('Work', 'Meetings', '2026 – Q1 ☀') });
    expect(await serverFolders()).not.toContain(nested('Work', 'Meetings', '2026 – Q1 ☀'));
    await expect(harness.client.api.deleteMailbox({ accountId, path: 'Trash' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(harness.client.api.renameMailbox({ accountId, path: 'INBOX', newParentPath: null, newName: 'Old' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(harness.client.api.createMailbox({ accountId, parentPath: null, name: nested('a', 'b') })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(harness.client.api.renameMailbox({ accountId, path: 'Work', newParentPath: nested('Work', 'Meetings'), newName: 'Work' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await serverFolders()).toEqual(expect.arrayContaining(['Trash', 'Work', nested('Work', 'Meetings')]));
  });

  it('subscribes what it creates (other clients show only subscribed folders), unsubscribes and subscribes', async () => {
    expect(await server.device.subscribedFolders()).toEqual(expect.arrayContaining(['Work', nested('Work', 'Meetings')]));
    let list = await harness.client.api.setMailboxSubscribed({ accountId, path: 'Work', subscribed: false });
    expect(list.find((m) => m.path === 'Work')?.subscribed).toBe(false);
    expect(await server.device.subscribedFolders()).not.toContain('Work');
    list = await harness.client.api.setMailboxSubscribed({ accountId, path: 'Work', subscribed: true });
    expect(list.find((m) => m.path === 'Work')?.subscribed).toBe(true);
  });
});
