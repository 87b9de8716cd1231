/**
 * Organizing folders while the server is down, in the real UI: a folder created offline shows at once, mail
 * moved into it leaves the list at once, both survive a reload, and the server gets them in that order when it
 * is back (checked with doveadm).
 */
import { expect, test } from '@playwright/test';
import { addAccountThroughUi } from '../electron/testing/addAccountThroughUi';
import { plainMessage } from '../electron/testing/testMessages';
import { serverFlagsBySubject, startMailWorld, type MailWorld } from './support/mailWorld';

let world: MailWorld;

test.beforeAll(async () => {
  world = await startMailWorld({
    user: 'otto@example.test',
    password: 'organize-e2e-pw',
    webArgs: ['--poll-interval-ms', '1000'],
    seed: async (dovecot) => {
      for (const [i, subject] of ['Alpha', 'Bravo', 'Charlie'].entries()) await dovecot.saveMessage('otto@example.test', 'INBOX', plainMessage(i + 1, { subject }));
    },
  });
});

test.afterAll(() => world?.stop());

test('a folder created offline, with mail moved into it, is on the server after reconnecting', async ({ page }) => {
  await page.goto(world.host.url);
  await addAccountThroughUi(page, { email: world.user, password: world.password, imapPort: world.dovecot.imapPort, smtpPort: world.relay.port });
  const rows = page.getByRole('option');
  await expect(rows).toHaveCount(3);
  const tree = page.getByRole('tree', { name: 'Accounts and folders' });
  const folders = async () => (await world.dovecot.doveadm(['mailbox', 'list', '-u', world.user])).split('\n').map((line) => line.trim());

  const restart = await world.stopDovecot();
  page.once('dialog', (dialog) => void dialog.accept('Offline plans'));
  await tree.getByRole('button', { name: 'New folder' }).click();
  const created = tree.getByRole('button', { name: 'Offline plans' });
  await expect(created).toBeVisible();
  await rows.filter({ hasText: 'Bravo' }).click();
  await rows.filter({ hasText: 'Bravo' }).dragTo(created);
  await expect(rows.filter({ hasText: 'Bravo' })).toHaveCount(0);

  // The app reloads while still offline: the folder and the move are still there.
  await page.reload();
  await expect(tree.getByRole('button', { name: 'Offline plans' })).toBeVisible();
  await expect(rows.filter({ hasText: 'Alpha' })).toBeVisible();
  await expect(rows.filter({ hasText: 'Bravo' })).toHaveCount(0);

  await restart();
  await expect.poll(folders, { timeout: 45_000 }).toContain('Offline plans');
  await expect.poll(async () => [...(await serverFlagsBySubject(world, 'Offline plans')).keys()], { timeout: 10_000 }).toEqual(['Bravo']);
  await expect.poll(async () => (await serverFlagsBySubject(world, 'INBOX')).has('Bravo')).toBe(false);
  await tree.getByRole('button', { name: 'Offline plans' }).click();
  await expect(rows.filter({ hasText: 'Bravo' })).toBeVisible({ timeout: 10_000 });

  // Renaming the open folder keeps it open under its new name, with its mail.
  await tree.getByLabel('Folder actions for Offline plans').click();
  page.once('dialog', (dialog) => void dialog.accept('Plans'));
  await page.getByRole('menuitem', { name: 'Rename…' }).click();
  await expect(tree.getByRole('button', { name: /^Plans( \d+ unread)?$/ })).toHaveClass(/selected/);
  await expect(rows.filter({ hasText: 'Bravo' })).toBeVisible();
  await expect.poll(folders).toContain('Plans');
});
