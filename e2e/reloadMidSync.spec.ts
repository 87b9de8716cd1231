/**
 * The window reloaded in the middle of a 30,000-message initial sync, while deltas are in flight and another
 * device changes the folder: the engine keeps running, the reloaded page resumes from what IndexedDB holds, and
 * the cache ends exactly equal to the server (UIDs and flags against doveadm), with no row twice.
 */
import { expect, test } from '@playwright/test';
import { generateMailbox } from '../electron/bench/generateMailbox';
import { addAccountThroughUi } from '../electron/testing/addAccountThroughUi';
import { serverSnapshot } from '../electron/testing/cacheMirror';
import { cacheOf } from './support/cacheOf';
import { startMailWorld, type MailWorld } from './support/mailWorld';

const USER = 'reload@example.test';
// Large enough that the sync is still running when the test strikes (a 10k fill takes under 2 s now).
const COUNT = 30_000;
let world: MailWorld;

test.beforeAll(async () => {
  world = await startMailWorld({ user: USER, password: 'reload-pw', seed: (dovecot) => generateMailbox(dovecot, USER, COUNT).then(() => undefined) });
});

test.afterAll(() => world?.stop());

test('reloaded mid initial sync, with changes made elsewhere meanwhile: the cache ends equal to the server', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(world.host.url);
  await addAccountThroughUi(page, { email: USER, password: world.password, imapPort: world.dovecot.imapPort, smtpPort: world.relay.port }, 30_000);
  await expect.poll(async () => (await cacheOf(page, 'INBOX')).rows, { timeout: 60_000, intervals: [50] }).toBeGreaterThan(1500);

  // Another device flags some of what is stored and expunges some of what is not yet, then the window reloads.
  await world.dovecot.doveadm(['flags', 'add', '-u', USER, '\\Flagged', 'mailbox', 'INBOX', 'uid', `${COUNT - 5}:${COUNT}`]);
  await world.dovecot.doveadm(['expunge', '-u', USER, 'mailbox', 'INBOX', 'uid', '1:10']);
  await page.reload();
  const afterReload = await cacheOf(page, 'INBOX');
  expect(afterReload.cursor, 'the reload came too late: the sync had finished').toBe(false);

  await expect.poll(async () => (await cacheOf(page, 'INBOX')).cursor, { timeout: 120_000 }).toBe(true);
  // The sync that completed may have started before the changes: the next one (a poll, or a click) brings them.
  await page.getByRole('tree', { name: 'Accounts and folders' }).getByRole('button', { name: /^Inbox/ }).first().click();
  const server = await serverSnapshot(world.dovecot, USER, 'INBOX');
  await expect.poll(async () => (await cacheOf(page, 'INBOX', true)).snapshot, { timeout: 30_000 }).toEqual(server);
  expect((await cacheOf(page, 'INBOX')).rows).toBe(COUNT - 10);
});
