/**
 * The walking skeleton as a person meets it, in real Chromium against browser mode and a real Dovecot:
 * add the account through the form (after a wrong password is explained), see the folders and the seeded
 * INBOX newest first, open a message, and still see it all after a reload.
 */
import { expect, test } from '@playwright/test';
import { messageWithAttachment, plainMessage } from '../electron/testing/testMessages';
import { startMailWorld, type MailWorld } from './support/mailWorld';

const USER = 'alice@example.test';
const PASSWORD = 'e2e-secret-pw';
let world: MailWorld;

test.beforeAll(async () => {
  world = await startMailWorld({
    user: USER,
    password: PASSWORD,
    seed: async (dovecot) => {
      const subjects = ['Lunch on Friday?', 'Your invoice #4711', 'Re: Project kickoff', 'Weekend hike photos', 'Meeting notes'];
      for (const [i, subject] of subjects.entries()) {
        await dovecot.saveMessage(USER, 'INBOX', plainMessage(i + 1, { subject, from: `Person ${i + 1} <p${i + 1}@example.test>` }));
      }
      await dovecot.saveMessage(USER, 'INBOX', messageWithAttachment('Quarterly report'));
      await dovecot.doveadm(['flags', 'add', '-u', USER, '\\Seen', 'mailbox', 'INBOX', 'uid', '1:2']);
      await dovecot.doveadm(['mailbox', 'create', '-s', '-u', USER, 'Projects']);
      await dovecot.doveadm(['mailbox', 'create', '-s', '-u', USER, 'Projects.Tern']);
    },
  });
});

test.afterAll(() => world?.stop());

test('add an account, see its folders and INBOX, read a message', async ({ page }) => {
  await page.goto(world.host.url);
  await expect(page.getByRole('heading', { name: 'Add a mail account' })).toBeVisible();
  await expect(page.getByRole('note')).toContainText('not encrypted by the operating system');

  await page.getByLabel('Your name').fill('Alice');
  await page.getByLabel('Email address').fill(USER);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Set up manually' }).click();
  for (const kind of ['imap', 'smtp'] as const) {
    await page.locator(`#${kind}-host`).fill('127.0.0.1');
    await page.locator(`#${kind}-security`).selectOption('none');
    await page.locator(`#${kind}-port`).fill(String(kind === 'imap' ? world.dovecot.imapPort : world.relay.port));
  }
  await expect(page.locator('#imap-username')).toHaveValue(USER);

  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.locator('.check.failed').first()).toContainText('rejected the username or password');
  await page.screenshot({ path: 'docs/screenshots/add-account-error.png' });

  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.locator('.check.ok')).toHaveCount(2);

  await page.getByRole('button', { name: 'Add account' }).click();
  const tree = page.getByRole('tree', { name: 'Accounts and folders' });
  await expect(tree.getByRole('button', { name: /Inbox/ })).toBeVisible();
  const folderOrder = await tree.locator('.folder-name').allTextContents();
  expect(folderOrder.slice(0, 6)).toEqual(['Inbox', 'Drafts', 'Sent', 'Archive', 'Junk', 'Trash']);
  expect(folderOrder).toEqual(expect.arrayContaining(['Projects', 'Tern']));

  const rows = page.getByRole('option');
  await expect(rows).toHaveCount(6);
  await expect(rows.first()).toContainText('Quarterly report');
  await expect(rows.first()).toContainText('Zoë Müller');
  await expect(rows.nth(1)).toContainText('Meeting notes');
  await expect(page.locator('.message-row.unread')).toHaveCount(4);

  // A multipart/mixed message gets the paperclip in the list; a plain one does not.
  await expect(rows.filter({ hasText: 'Quarterly report' }).getByRole('img', { name: 'Has attachments' })).toBeVisible();
  await expect(rows.filter({ hasText: 'Lunch on Friday?' }).getByRole('img', { name: 'Has attachments' })).toHaveCount(0);
  await rows.filter({ hasText: 'Quarterly report' }).click();
  const reader = page.getByRole('article', { name: 'Message' });
  await expect(reader.locator('.reader-body')).toHaveText('Grüße aus Köln.');
  await expect(reader).toContainText('report.pdf');
  await expect(reader.locator('.reader-from')).toContainText('zoe@example.test');
  await page.screenshot({ path: 'docs/screenshots/main-window.png' });

  // "View source" shows the message exactly as the server has it, as text.
  await reader.getByRole('button', { name: 'View source' }).click();
  const source = page.getByRole('dialog', { name: 'Message source' });
  await expect(source).toContainText('Message-ID: <attach-1@example.test>');
  await expect(source).toContainText('Content-Disposition: attachment; filename="report.pdf"');
  await source.getByRole('button', { name: 'Close' }).click();
  await expect(source).toHaveCount(0);

  // "All headers": each field in a row, as sent (the encoded sender name stays encoded), body excluded.
  await reader.getByRole('button', { name: 'All headers' }).click();
  const headers = page.getByRole('dialog', { name: 'All headers' });
  await expect(headers.getByRole('row', { name: /Message-ID/ })).toContainText('<attach-1@example.test>');
  await expect(headers.getByRole('rowheader', { name: 'From', exact: true })).toHaveCount(1);
  await expect(headers).not.toContainText('Content-Disposition');
  await page.keyboard.press('Escape');
  await expect(headers).toHaveCount(0);

  await rows.filter({ hasText: 'Lunch on Friday?' }).click();
  await expect(reader.locator('.reader-body')).toHaveText('Body of message 1.');

  // Everything came from the cache after a reload: the rows are there before any new sync could finish.
  await page.reload();
  await expect(page.getByRole('option')).toHaveCount(6);
});

test('mail that arrives on the server shows up when the folder is opened again', async ({ page }) => {
  await page.goto(world.host.url);
  await expect(page.getByRole('option')).toHaveCount(6);
  await world.dovecot.saveMessage(USER, 'INBOX', plainMessage(50, { subject: 'Brand new message', date: new Date() }));
  await page.getByRole('tree').getByRole('button', { name: /Inbox/ }).click();
  await expect(page.getByRole('option').first()).toContainText('Brand new message');
});

test('browser mode refuses a page load and a WebSocket without the token', async ({ page, request }) => {
  const noToken = await request.get(`${world.host.origin}/`);
  expect(noToken.status()).toBe(403);
  await page.goto(`${world.host.origin}/?token=wrong`);
  await expect(page.locator('body')).toContainText('Open Tern with the address it printed');
});
