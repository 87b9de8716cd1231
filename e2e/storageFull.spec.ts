/**
 * A real IndexedDB quota in Chromium: the DevTools protocol's Storage.overrideQuotaForOrigin gives the app's
 * origin a few hundred kilobytes more than it already uses, so the first sync of a big INBOX runs out of room
 * part way. The status bar says so and stays; once the quota is lifted the sync resumes by itself and ends
 * with every message stored once.
 */
import { expect, test, type Page } from '@playwright/test';
import { generateMailbox } from '../electron/bench/generateMailbox';
import { addAccountThroughUi } from '../electron/testing/addAccountThroughUi';
import { startMailWorld, type MailWorld } from './support/mailWorld';

const USER = 'gina@example.test';
const COUNT = 1500;
const BANNER = 'Tern can’t store more mail: the disk (or browser storage) is full. Free some space; syncing resumes by itself.';

let world: MailWorld;

test.beforeAll(async () => {
  world = await startMailWorld({ user: USER, password: 'full-disk-pw', webArgs: ['--poll-interval-ms', '3600000'], seed: (dovecot) => generateMailbox(dovecot, USER, COUNT).then(() => undefined) });
});

test.afterAll(() => world?.stop());

/** Rows in the cache, and how many distinct messages they are (a duplicate would make the two differ). */
function cachedMessages(page: Page) {
  return page.evaluate(
    () =>
      new Promise<{ rows: number; distinct: number }>((resolve, reject) => {
        const open = indexedDB.open('tern');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const read = open.result.transaction('messages').objectStore('messages').getAll();
          read.onerror = () => reject(read.error);
          read.onsuccess = () => {
            const rows = read.result as Array<{ path: string; messageId: string | null }>;
            const inbox = rows.filter((row) => row.path === 'INBOX');
            open.result.close();
            resolve({ rows: inbox.length, distinct: new Set(inbox.map((row) => row.messageId)).size });
          };
        };
      }),
  );
}

test('a full IndexedDB quota stops the sync with a lasting notice; lifted, the sync completes without duplicates', async ({ page }) => {
  await page.goto(world.host.url);
  const origin = new URL(world.host.url).origin;
  const cdp = await page.context().newCDPSession(page);
  // Room for the account and the first batches, not for 1,500 headers.
  const { usage } = await page.evaluate(() => navigator.storage.estimate());
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: (usage ?? 0) + 200 * 1024 });

  await addAccountThroughUi(page, { email: USER, password: world.password, imapPort: world.dovecot.imapPort, smtpPort: world.relay.port });
  const banner = page.getByRole('alert').filter({ hasText: BANNER });
  await expect(banner).toBeVisible({ timeout: 30_000 });
  // What was stored is shown; the notice has no Dismiss: it lasts while the disk is full.
  await expect(page.getByRole('option').first()).toBeVisible();
  await expect(banner.getByRole('button')).toHaveCount(0);
  const partial = await cachedMessages(page);
  expect(partial.rows).toBeLessThan(COUNT);
  await page.screenshot({ path: 'docs/screenshots/storage-full.png' });

  // Space is back: the retry (with backoff, 5 s then 15 s) resumes from the cache's cursor.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await expect(banner).toBeHidden({ timeout: 60_000 });
  await expect.poll(() => cachedMessages(page), { timeout: 30_000 }).toEqual({ rows: COUNT, distinct: COUNT });
  await expect(page.getByRole('alert')).toHaveCount(0);
});
