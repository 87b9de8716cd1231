/**
 * Browser mode's engine killed with SIGKILL (no clean-up of any kind) and started again on the same port and
 * data folder, with the page reopened at the new address: once in the middle of a 30,000-message initial sync,
 * once in the middle of replaying actions queued while the server was down. Afterwards the cache in Chromium's
 * IndexedDB and the server (doveadm) hold the same UIDs and flags, and every queued action took effect once.
 */
import { expect, test } from '@playwright/test';
import { generateMailbox } from '../electron/bench/generateMailbox';
import { addAccountThroughUi } from '../electron/testing/addAccountThroughUi';
import { serverSnapshot } from '../electron/testing/cacheMirror';
import { cacheOf } from './support/cacheOf';
import { startMailWorld, type MailWorld } from './support/mailWorld';

const USER = 'crash@example.test';
// Large enough that the sync is still running when the test strikes (a 10k fill takes under 2 s now).
const COUNT = 30_000;
let world: MailWorld;

test.beforeAll(async () => {
  world = await startMailWorld({ user: USER, password: 'crash-pw', seed: (dovecot) => generateMailbox(dovecot, USER, COUNT).then(() => undefined) });
});

test.afterAll(() => world?.stop());

test('killed mid initial sync: after a restart the cache equals the server', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(world.host.url);
  await addAccountThroughUi(page, { email: USER, password: world.password, imapPort: world.dovecot.imapPort, smtpPort: world.relay.port }, 30_000);
  // Part of the folder is stored, its cursor is not: the fill is under way.
  await expect.poll(async () => (await cacheOf(page, 'INBOX')).rows, { timeout: 60_000, intervals: [50] }).toBeGreaterThan(1500);
  await world.restartHost('SIGKILL');
  const before = await cacheOf(page, 'INBOX');
  expect(before.cursor, 'the kill came too late: the sync had finished').toBe(false);
  expect(before.rows).toBeLessThan(COUNT);

  // Another device changes things while Tern is down.
  await world.dovecot.doveadm(['flags', 'add', '-u', USER, '\\Flagged', 'mailbox', 'INBOX', 'uid', '1:10']);
  await world.dovecot.doveadm(['expunge', '-u', USER, 'mailbox', 'INBOX', 'uid', '11:20']);

  await page.goto(world.host.url);
  await expect.poll(async () => (await cacheOf(page, 'INBOX')).cursor, { timeout: 120_000 }).toBe(true);
  const after = await cacheOf(page, 'INBOX', true);
  expect(after.snapshot).toEqual(await serverSnapshot(world.dovecot, USER, 'INBOX'));
  expect(after.rows).toBe(COUNT - 10);
});

test('killed mid replay of offline actions: each action takes effect once', async ({ page }) => {
  test.setTimeout(180_000);
  // Watches the page's calls from the start (a socket opened before a listener would go unseen).
  let armed = false;
  let killed: Promise<unknown> | null = null;
  page.on('websocket', (socket) =>
    socket.on('framesent', (frame) => {
      if (armed && killed === null && typeof frame.payload === 'string' && frame.payload.includes('"method":"applyAction"')) killed = world.restartHost('SIGKILL');
    }),
  );
  await page.goto(world.host.url);
  // Each test has a browser profile of its own: this one fills its cache first.
  await expect.poll(async () => (await cacheOf(page, 'INBOX')).cursor, { timeout: 120_000 }).toBe(true);
  const rows = page.getByRole('option');
  await expect(rows.first()).toBeVisible();
  const uids = await Promise.all([0, 1, 2].map(async (i) => (await rows.nth(i).getAttribute('data-uid')) ?? ''));
  const row = (uid: string | undefined) => page.locator(`[role="option"][data-uid="${uid}"]`);

  // `s` toggles the flag: the server's flags before tell what each press must have done.
  const flaggedBefore = async (uid: string | undefined) => (await serverSnapshot(world.dovecot, USER, 'INBOX')).find((line) => line.startsWith(`${uid}:`))?.includes('\\Flagged');
  const [firstWasFlagged, thirdWasFlagged] = [await flaggedBefore(uids[0]), await flaggedBefore(uids[2])];
  const restartDovecot = await world.stopDovecot();
  // Offline: toggle the flag of the newest, archive the second, toggle the flag of the third.
  await row(uids[0]).click();
  await page.keyboard.press('s');
  await row(uids[1]).click();
  await page.keyboard.press('e');
  await expect(row(uids[1])).toHaveCount(0);
  await row(uids[2]).click();
  await page.keyboard.press('s');
  await expect.poll(async () => (await cacheOf(page, 'INBOX')).pendingOps).toBeGreaterThanOrEqual(3);

  // The server comes back; the engine dies at the first action the page sends it after that.
  await restartDovecot();
  armed = true;
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect.poll(() => killed !== null, { timeout: 60_000 }).toBe(true);
  await killed;
  // Killed with work left: what the page sent may or may not have reached the server, the rest did not.
  expect((await cacheOf(page, 'INBOX')).pendingOps).toBeGreaterThanOrEqual(1);
  await page.goto(world.host.url);
  await expect.poll(async () => (await cacheOf(page, 'INBOX')).pendingOps, { timeout: 60_000 }).toBe(0);

  const inbox = await serverSnapshot(world.dovecot, USER, 'INBOX');
  expect(inbox.find((line) => line.startsWith(`${uids[0]}:`))?.includes('\\Flagged')).toBe(!firstWasFlagged);
  expect(inbox.find((line) => line.startsWith(`${uids[2]}:`))?.includes('\\Flagged')).toBe(!thirdWasFlagged);
  expect(inbox.some((line) => line.startsWith(`${uids[1]}:`))).toBe(false);
  // The archived message is in Archive exactly once (a move replayed twice would leave two copies or none).
  expect(await serverSnapshot(world.dovecot, USER, 'Archive')).toHaveLength(1);
  // And the cache agrees with the server once the folders are synced again.
  await page.getByRole('tree').getByRole('button', { name: /Inbox/ }).click();
  await expect.poll(async () => (await cacheOf(page, 'INBOX', true)).snapshot, { timeout: 60_000 }).toEqual(await serverSnapshot(world.dovecot, USER, 'INBOX'));
});
