/**
 * The window as a place to live in: settings that apply at once and survive a reload (density, mark-as-read),
 * panes resized from the keyboard and collapsed, and a desktop notification for new mail that opens it.
 * Notifications are observed through a recording stand-in for the page's Notification API (headless
 * Chromium shows none); everything else is the real UI against a real Dovecot.
 */
import { expect, test, type Page } from '@playwright/test';
import { plainMessage } from '../electron/testing/testMessages';
import { addAccountThroughUi } from '../electron/testing/addAccountThroughUi';
import { startMailWorld, type MailWorld } from './support/mailWorld';

const USER = 'lee@example.test';
let world: MailWorld;

const recordNotifications = `(() => {
  const shown = [];
  window.__notifications = shown;
  class RecordingNotification {
    static permission = 'granted';
    static requestPermission() { return Promise.resolve('granted'); }
    constructor(title, options) { this.title = title; this.body = options && options.body; this.onclick = null; shown.push(this); }
    close() { this.closed = true; }
  }
  window.Notification = RecordingNotification;
})()`;

test.beforeAll(async () => {
  world = await startMailWorld({
    user: USER,
    password: 'layout-e2e-pw',
    webArgs: ['--poll-interval-ms', '1000'],
    seed: async (dovecot) => {
      for (let i = 1; i <= 4; i++) await dovecot.saveMessage(USER, 'INBOX', plainMessage(i, { subject: `Layout message ${i}` }));
    },
  });
});

test.afterAll(() => world?.stop());

const listRows = (page: Page) => page.getByRole('listbox', { name: 'Message list' }).getByRole('option');

test('settings, panes and new-mail notifications', async ({ page }) => {
  await page.addInitScript({ content: recordNotifications });
  await page.goto(world.host.url);
  await addAccountThroughUi(page, { email: world.user, password: world.password, imapPort: world.dovecot.imapPort, smtpPort: world.relay.port });
  await expect(listRows(page)).toHaveCount(4);

  // Settings apply at once: compact rows, and "never" mark read on open.
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByLabel('Density').selectOption('compact');
  await dialog.getByLabel('Mark a message read').selectOption('-1');
  // The account's colour marks it in the folder tree.
  await dialog.getByLabel(`Colour for ${USER}`).fill('#c2185b');
  await expect(page.locator('.account-colour').first()).toHaveCSS('background-color', 'rgb(194, 24, 91)');
  await expect(dialog.getByRole('button', { name: `Move ${USER} up` })).toBeDisabled();
  await page.screenshot({ path: 'docs/screenshots/settings.png' });
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('data-density', 'compact');
  expect((await listRows(page).first().boundingBox())?.height).toBe(40);
  await listRows(page).filter({ hasText: 'Layout message 4' }).click();
  await page.waitForTimeout(1500);
  await expect(listRows(page).filter({ hasText: 'Layout message 4' })).toHaveClass(/unread/);

  // Panes: the list grows from the keyboard; the folder pane collapses; both survive a reload.
  const splitter = page.getByRole('separator', { name: 'Message list width' });
  const before = Number(await splitter.getAttribute('aria-valuenow'));
  await splitter.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await expect(splitter).toHaveAttribute('aria-valuenow', String(before + 48));
  await page.getByRole('button', { name: 'Hide folders' }).click();
  await expect(page.getByRole('tree', { name: 'Accounts and folders' })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Show folders' })).toBeVisible();
  await expect(page.getByRole('separator', { name: 'Message list width' })).toHaveAttribute('aria-valuenow', String(before + 48));
  await expect(page.locator('html')).toHaveAttribute('data-density', 'compact');
  await page.getByRole('button', { name: 'Show folders' }).click();

  // Gmail's two-key jumps.
  await page.locator('body').click({ position: { x: 900, y: 700 } });
  await page.keyboard.press('g');
  await page.keyboard.press('u');
  await expect(page.getByRole('listbox', { name: 'Unread' })).toBeVisible();
  await page.keyboard.press('g');
  await page.keyboard.press('i');
  await expect(listRows(page)).toHaveCount(4);

  // New mail in the Inbox while another folder is on screen: one notification; a click opens the message.
  const tree = page.getByRole('tree', { name: 'Accounts and folders' });
  await tree.getByRole('button', { name: /Archive/ }).click();
  await world.dovecot.saveMessage(USER, 'INBOX', plainMessage(9, { subject: 'Fresh arrival', from: 'Nora Nightingale <nora@example.test>' }));
  await expect.poll(() => page.evaluate(() => (window as unknown as { __notifications: { title: string }[] }).__notifications.length), { timeout: 15_000 }).toBe(1);
  const shown = await page.evaluate(() => (window as unknown as { __notifications: { title: string; body: string }[] }).__notifications.map(({ title, body }) => ({ title, body })));
  expect(shown).toEqual([{ title: 'Nora Nightingale', body: 'Fresh arrival' }]);
  await page.evaluate(() => (window as unknown as { __notifications: { onclick: (() => void) | null }[] }).__notifications[0]?.onclick?.());
  await expect(page.locator('.reader-subject')).toHaveText('Fresh arrival');
  await expect(listRows(page)).toHaveCount(5);
});

test('recent mail is kept for offline reading without being opened, within the budget the user sets', async ({ page }) => {
  await page.goto(world.host.url);
  await expect(page.getByRole('tree', { name: 'Accounts and folders' })).toBeVisible();
  // Default: the last 30 days; the seeded mail is dated 2026-01-01, so widen it to a year to take it in.
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog.getByLabel('Keep messages for reading offline')).toHaveValue('30');
  await dialog.getByLabel('Keep messages for reading offline').selectOption('365');
  await page.keyboard.press('Escape');
  await page.getByRole('tree', { name: 'Accounts and folders' }).getByRole('button', { name: /Inbox/ }).click();
  const cachedBodies = () =>
    page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('tern');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const request = open.result.transaction('bodies').objectStore('bodies').count();
            request.onsuccess = () => (open.result.close(), resolve(request.result));
          };
        }),
    );
  // Every Inbox message (4 seeded, 1 delivered by the notification test) without a click.
  await expect.poll(cachedBodies, { timeout: 15_000 }).toBe(5);
  // The list now shows the start of each message's text.
  await expect(listRows(page).filter({ hasText: 'Layout message 1' })).toContainText('— Body of message 1.');

  // A folder kept for offline use is synced and read ahead without ever being opened.
  await world.dovecot.saveMessage(USER, 'Archive', plainMessage(20, { subject: 'Filed away' }));
  const tree = page.getByRole('tree', { name: 'Accounts and folders' });
  await tree.getByLabel('Folder actions for Archive').click();
  await page.getByRole('menuitemcheckbox', { name: 'Keep offline' }).click();
  await expect.poll(cachedBodies, { timeout: 15_000 }).toBe(6);
  await page.reload();
  await page.getByRole('tree', { name: 'Accounts and folders' }).getByLabel('Folder actions for Archive').click();
  await expect(page.getByRole('menuitemcheckbox', { name: 'Keep offline' })).toHaveAttribute('aria-checked', 'true');
});
