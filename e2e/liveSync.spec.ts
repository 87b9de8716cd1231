/**
 * Changes made on another device (doveadm) show up in the open window without a click: IDLE push for INBOX,
 * the status poll for other folders and the folder tree. Ends with the sync-status view.
 */
import { expect, test } from '@playwright/test';
import { seedSampleMailbox } from '../electron/demo/sampleMailbox';
import { plainMessage } from '../electron/testing/testMessages';
import { addAccountThroughUi } from '../electron/testing/addAccountThroughUi';
import { startMailWorld, type MailWorld } from './support/mailWorld';

const USER = 'carol@example.test';
let world: MailWorld;

test.beforeAll(async () => {
  world = await startMailWorld({ user: USER, password: 'live-sync-pw', webArgs: ['--poll-interval-ms', '1000'], seed: (dovecot) => seedSampleMailbox(dovecot, USER).then(() => undefined) });
});

test.afterAll(() => world?.stop());

test('changes on another device appear without a click', async ({ page }) => {
  await page.goto(world.host.url);
  await addAccountThroughUi(page, { email: USER, password: world.password, imapPort: world.dovecot.imapPort, smtpPort: world.relay.port });
  const rows = page.getByRole('option');
  await expect(rows.first()).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/demo-mailbox.png' });

  // New mail in INBOX: pushed by IDLE.
  await world.dovecot.saveMessage(USER, 'INBOX', plainMessage(900, { subject: 'Pushed from another device', date: new Date() }));
  await expect(rows.first()).toContainText('Pushed from another device', { timeout: 3000 });

  // A flag set elsewhere on the message we see first.
  const uid = await rows.first().getAttribute('data-uid');
  await world.dovecot.doveadm(['flags', 'add', '-u', USER, '\\Flagged \\Seen', 'mailbox', 'INBOX', 'uid', String(uid)]);
  await expect(rows.first().getByLabel('Flagged')).toBeVisible({ timeout: 3000 });
  await expect(rows.first()).not.toHaveClass(/unread/);

  // A folder created elsewhere appears in the tree (status poll); deleted, it goes away.
  await world.dovecot.doveadm(['mailbox', 'create', '-s', '-u', USER, 'Receipts']);
  const tree = page.getByRole('tree');
  await expect(tree.getByRole('button', { name: 'Receipts' })).toBeVisible({ timeout: 5000 });
  await tree.getByRole('button', { name: 'Receipts' }).click();
  await expect(page.getByText('No messages in this folder.')).toBeVisible();
  await world.dovecot.doveadm(['mailbox', 'delete', '-u', USER, 'Receipts']);
  await expect(tree.getByRole('button', { name: 'Receipts' })).toHaveCount(0, { timeout: 5000 });
  // The open folder vanished: the window falls back to the INBOX.
  await expect(rows.first()).toContainText('Pushed from another device');

  await page.getByRole('button', { name: 'Sync status' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sync status' });
  await expect(dialog).toContainText(USER);
  await expect(dialog).toContainText('IDLE');
  // Every folder that holds mail has a row: INBOX in step, with as many rows cached as the server counts;
  // Trash, never opened nor kept offline, says when it will sync. The deleted folder is gone from the table too.
  const inbox = dialog.getByRole('row').filter({ has: page.getByRole('cell', { name: 'INBOX', exact: true }) });
  await expect(inbox).toContainText('in step');
  const [cached, onServer] = await Promise.all([inbox.getByRole('cell').nth(1).textContent(), inbox.getByRole('cell').nth(2).textContent()]);
  expect(Number(cached?.replace(/\D/g, ''))).toBeGreaterThan(0);
  expect(cached).toBe(onServer);
  await expect(dialog.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Trash', exact: true }) })).toContainText('not synced yet: syncs when opened, or choose Keep offline');
  await expect(dialog.getByRole('cell', { name: 'Receipts', exact: true })).toHaveCount(0);
  await page.screenshot({ path: 'docs/screenshots/sync-status.png' });
});
