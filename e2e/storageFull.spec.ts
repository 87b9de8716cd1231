/**
 * A real IndexedDB quota in Chromium: the DevTools protocol's Storage.overrideQuotaForOrigin gives the app's
 * origin a few hundred kilobytes more than it already uses, so the first sync of a big INBOX runs out of room
 * part way. The status bar says so and stays; once the quota is lifted the sync resumes by itself and ends
 * with every message stored once. A draft typed meanwhile stays in the editor, reaches Drafts on the server from
 * memory, and is stored in IndexedDB once there is room, without a second copy in Drafts. On Dovecot and on Cyrus.
 */
import { expect, test, type Page } from '@playwright/test';
import { addAccountThroughUi } from '../electron/testing/addAccountThroughUi';
import { serversFor, type ServerKind } from '../electron/testing/serverUnderTest';
import { startServerWorld, type ServerWorld } from './support/mailWorld';

const USER = 'gina@example.test';
const PASSWORD = 'full-disk-pw';
const COUNT = 1500;
const BANNER = 'Tern can’t store more mail: the disk (or browser storage) is full. Free some space; syncing resumes by itself.';

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

for (const kind of ['dovecot', 'cyrus'] satisfies ServerKind[]) {
  test.describe(`on ${kind === 'dovecot' ? 'Dovecot' : 'Cyrus'}`, () => {
    let world: ServerWorld;

    test.beforeAll(async () => {
      const { label, unavailable } = (await serversFor([kind]))[0]![1];
      test.skip(unavailable !== null, `needs ${label}: ${unavailable}`);
      world = await startServerWorld(kind, { user: USER, password: PASSWORD, seedInbox: COUNT, webArgs: ['--poll-interval-ms', '3600000'] });
    });

    test.afterAll(() => world?.stop());

    test('a full IndexedDB quota: a lasting notice, nothing lost; lifted, sync and draft complete without duplicates', async ({ page }) => {
      await page.goto(world.host.url);
      const origin = new URL(world.host.url).origin;
      const cdp = await page.context().newCDPSession(page);
      // Room for the account and the first batches, not for 1,500 headers. (Set before the origin writes anything:
      // Chromium keeps an allowance of free space for about 30 s and checks the quota again only when it runs out.)
      const { usage } = await page.evaluate(() => navigator.storage.estimate());
      await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: (usage ?? 0) + 200 * 1024 });

      await addAccountThroughUi(page, { email: USER, password: PASSWORD, imapPort: world.server.imapPort, smtpPort: world.server.smtpPort });
      const banner = page.getByRole('alert').filter({ hasText: BANNER });
      await expect(banner).toBeVisible({ timeout: 30_000 });
      // What was stored is shown; the notice has no Dismiss: it lasts while the disk is full.
      await expect(page.getByRole('option').first()).toBeVisible();
      await expect(banner.getByRole('button')).toHaveCount(0);
      const partial = await cachedMessages(page);
      expect(partial.rows).toBeLessThan(COUNT);

      // No room at all now. A write bigger than what Chromium's allowance may still hold makes it ask again.
      await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
      expect(await writeFiller(page)).toBe('QuotaExceededError');

      // A draft typed meanwhile stays in the editor and still reaches Drafts on the server.
      await page.keyboard.press('c');
      const pane = page.getByRole('region', { name: 'Compose message' });
      const status = pane.getByRole('status', { name: 'Draft' });
      await pane.getByLabel('To', { exact: true }).fill('Bob <bob@example.test>');
      await pane.getByLabel('Subject', { exact: true }).fill('Written on a full disk');
      const body = pane.getByRole('textbox', { name: 'Message' });
      await body.click();
      await body.pressSequentially('Kept in the editor.');
      await expect(status).toHaveText('Not saved on this computer: disk full');
      await expect(status).toHaveText('Not saved on this computer: disk full. Saved in Drafts on the server.', { timeout: 15_000 });
      await expect(body).toHaveText('Kept in the editor.');
      await expect.poll(() => world.server.device.texts('Drafts'), { timeout: 10_000 }).toEqual([expect.stringContaining('Kept in the editor.')]);
      if (kind === 'dovecot') await page.screenshot({ path: 'docs/screenshots/storage-full.png' });

      // Space is back: both retries (with backoff, 5 s then 15 s) go on by themselves; the sync from the cache's cursor.
      await cdp.send('Storage.overrideQuotaForOrigin', { origin });
      await expect(banner).toBeHidden({ timeout: 60_000 });
      await expect.poll(() => cachedMessages(page), { timeout: 30_000 }).toEqual({ rows: COUNT, distinct: COUNT });
      await expect(status).toHaveText('Saved in Drafts', { timeout: 30_000 });
      expect(await storedDraftBodies(page)).toEqual([expect.stringContaining('Kept in the editor.')]);
      // The copy made from memory is the one Drafts holds: not duplicated.
      expect(await world.server.device.texts('Drafts')).toHaveLength(1);
      await expect(page.getByRole('alert')).toHaveCount(0);
    });
  });
}

/** Tries to store 1 MB in a database of its own; resolves with the error's name, or 'stored'. */
function writeFiller(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const open = indexedDB.open('quota-filler', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('filler');
        open.onsuccess = () => {
          const tx = open.result.transaction('filler', 'readwrite');
          const bytes = new Uint8Array(1024 * 1024);
          for (let i = 0; i < bytes.length; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
          tx.objectStore('filler').put(bytes, 'filler');
          tx.oncomplete = () => resolve('stored');
          tx.onabort = () => resolve(tx.error?.name ?? 'aborted');
        };
        open.onerror = () => resolve(open.error?.name ?? 'error');
      }),
  );
}

/** The drafts stored in this browser's IndexedDB, by their text (plain, or the rich editor's HTML). */
function storedDraftBodies(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('tern');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const read = open.result.transaction('drafts').objectStore('drafts').getAll();
          read.onerror = () => reject(read.error);
          read.onsuccess = () => {
            open.result.close();
            resolve((read.result as Array<{ draft: { format: string; body: string; html: string } }>).map(({ draft }) => (draft.format === 'rich' ? draft.html : draft.body)));
          };
        };
      }),
  );
}
