/**
 * Browser mode's engine killed with SIGKILL (no clean-up of any kind) and started again on the same port and
 * data folder, with the page reopened at the new address: once in the middle of a 30,000-message initial sync,
 * once in the middle of replaying actions queued while the server was down. Afterwards the cache in Chromium's
 * IndexedDB and the server hold the same UIDs and flags, and every queued action took effect once. On Dovecot
 * and on Cyrus ("another device": doveadm, or a second IMAP connection).
 */
import { expect, test } from '@playwright/test';
import { addAccountThroughUi } from '../electron/testing/addAccountThroughUi';
import { serversFor, type ServerKind } from '../electron/testing/serverUnderTest';
import { cacheOf } from './support/cacheOf';
import { startServerWorld, type ServerWorld } from './support/mailWorld';

const USER = 'crash@example.test';
const PASSWORD = 'crash-pw';
// Large enough that the sync is still running when the test strikes (a 10k fill takes under 2 s now).
const COUNT = 30_000;

for (const kind of ['dovecot', 'cyrus'] satisfies ServerKind[]) {
  test.describe(`on ${kind === 'dovecot' ? 'Dovecot' : 'Cyrus'}`, () => {
    let world: ServerWorld;

    test.beforeAll(async () => {
      // Cyrus takes 30,000 messages in one MULTIAPPEND, about 25 s.
      test.setTimeout(180_000);
      const { label, unavailable } = (await serversFor([kind]))[0]![1];
      test.skip(unavailable !== null, `needs ${label}: ${unavailable}`);
      world = await startServerWorld(kind, { user: USER, password: PASSWORD, seedInbox: COUNT });
    });

    test.afterAll(() => world?.stop());

    test('killed mid initial sync: after a restart the cache equals the server', async ({ page }) => {
      test.setTimeout(180_000);
      await page.goto(world.host.url);
      await addAccountThroughUi(page, { email: USER, password: PASSWORD, imapPort: world.server.imapPort, smtpPort: world.server.smtpPort }, 30_000);
      // Part of the folder is stored, its cursor is not: the fill is under way.
      await expect.poll(async () => (await cacheOf(page, 'INBOX')).rows, { timeout: 60_000, intervals: [50] }).toBeGreaterThan(1500);
      await world.restartHost('SIGKILL');
      const before = await cacheOf(page, 'INBOX');
      expect(before.cursor, 'the kill came too late: the sync had finished').toBe(false);
      expect(before.rows).toBeLessThan(COUNT);

      // Another device changes things while Tern is down.
      await world.server.device.addFlags('INBOX', '1:10', ['\\Flagged']);
      await world.server.device.expunge('INBOX', '11:20');

      await page.goto(world.host.url);
      await expect.poll(async () => (await cacheOf(page, 'INBOX')).cursor, { timeout: 120_000 }).toBe(true);
      const after = await cacheOf(page, 'INBOX', true);
      expect(after.snapshot).toEqual(await world.server.device.snapshot('INBOX'));
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
      const flaggedBefore = async (uid: string | undefined) => (await world.server.device.snapshot('INBOX')).find((line) => line.startsWith(`${uid}:`))?.includes('\\Flagged');
      const [firstWasFlagged, thirdWasFlagged] = [await flaggedBefore(uids[0]), await flaggedBefore(uids[2])];
      await world.server.down();
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
      await world.server.up();
      armed = true;
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
      await expect.poll(() => killed !== null, { timeout: 60_000 }).toBe(true);
      await killed;
      // Killed with work left: what the page sent may or may not have reached the server, the rest did not.
      expect((await cacheOf(page, 'INBOX')).pendingOps).toBeGreaterThanOrEqual(1);
      await page.goto(world.host.url);
      await expect.poll(async () => (await cacheOf(page, 'INBOX')).pendingOps, { timeout: 60_000 }).toBe(0);

      const inbox = await world.server.device.snapshot('INBOX');
      expect(inbox.find((line) => line.startsWith(`${uids[0]}:`))?.includes('\\Flagged')).toBe(!firstWasFlagged);
      expect(inbox.find((line) => line.startsWith(`${uids[2]}:`))?.includes('\\Flagged')).toBe(!thirdWasFlagged);
      expect(inbox.some((line) => line.startsWith(`${uids[1]}:`))).toBe(false);
      // The archived message is in Archive exactly once (a move replayed twice would leave two copies or none).
      expect(await world.server.device.snapshot('Archive')).toHaveLength(1);
      // And the cache agrees with the server once the folders are synced again.
      await page.getByRole('tree').getByRole('button', { name: /Inbox/ }).click();
      await expect.poll(async () => (await cacheOf(page, 'INBOX', true)).snapshot, { timeout: 60_000 }).toEqual(await world.server.device.snapshot('INBOX'));
    });
  });
}
