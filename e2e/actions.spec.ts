/**
 * Organizing mail in the real UI, verified on the server with doveadm: read on open, flag, archive by key,
 * delete to Trash — and the same while the server is down: the actions survive a reload and reach the
 * server, in order, once it is back.
 */
import { expect, test } from '@playwright/test';
import { plainMessage } from '../electron/testing/testMessages';
import { addAccountThroughUi } from '../electron/testing/addAccountThroughUi';
import { serverFlagsBySubject, startMailWorld, type MailWorld } from './support/mailWorld';

const subjects = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot'];
let world: MailWorld;
const serverFlags = (path: string) => serverFlagsBySubject(world, path);

test.beforeAll(async () => {
  world = await startMailWorld({
    user: 'gina@example.test',
    password: 'actions-e2e-pw',
    webArgs: ['--poll-interval-ms', '1000'],
    seed: async (dovecot) => {
      for (const [i, subject] of subjects.entries()) await dovecot.saveMessage('gina@example.test', 'INBOX', plainMessage(i + 1, { subject }));
    },
  });
});

test.afterAll(() => world?.stop());

test('read, flag, archive and delete reach the server', async ({ page }) => {
  await page.goto(world.host.url);
  await addAccountThroughUi(page, { email: world.user, password: world.password, imapPort: world.dovecot.imapPort, smtpPort: world.relay.port });
  const rows = page.getByRole('option');
  await expect(rows).toHaveCount(6);

  await rows.filter({ hasText: 'Foxtrot' }).click();
  await expect(rows.filter({ hasText: 'Foxtrot' })).not.toHaveClass(/unread/);
  await expect.poll(async () => (await serverFlags('INBOX')).get('Foxtrot')).toContain('\\Seen');
  // The folder's unread count follows at once, not at the next poll.
  await expect(page.getByRole('tree').getByRole('button', { name: /Inbox/ }).locator('.badge')).toHaveText('5', { timeout: 3000 });

  await page.getByRole('button', { name: 'Flag', exact: true }).click();
  await expect(rows.filter({ hasText: 'Foxtrot' }).getByLabel('Flagged')).toBeVisible();
  await expect.poll(async () => (await serverFlags('INBOX')).get('Foxtrot')).toContain('\\Flagged');

  await page.keyboard.press('e'); // archive
  await expect(rows.filter({ hasText: 'Foxtrot' })).toHaveCount(0);
  await expect.poll(async () => [...(await serverFlags('Archive')).keys()]).toEqual(['Foxtrot']);
  await expect.poll(async () => (await serverFlags('INBOX')).has('Foxtrot')).toBe(false);

  // Undo the archive of another message: it goes back to INBOX on the server too.
  await rows.filter({ hasText: 'Alpha' }).click();
  await page.keyboard.press('e');
  await expect(page.getByRole('status').filter({ hasText: 'Moved 1 message to Archive' })).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/undo-toast.png' });
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(async () => (await serverFlags('INBOX')).has('Alpha')).toBe(true);
  await expect(rows.filter({ hasText: 'Alpha' })).toHaveCount(1);
  await expect.poll(async () => [...(await serverFlags('Archive')).keys()]).toEqual(['Foxtrot']);

  await rows.filter({ hasText: 'Echo' }).click();
  await page.getByRole('button', { name: 'Delete' }).click();
  await expect(rows.filter({ hasText: 'Echo' })).toHaveCount(0);
  await expect.poll(async () => [...(await serverFlags('Trash')).keys()]).toEqual(['Echo']);

  await rows.filter({ hasText: 'Delta' }).click();
  await page.getByRole('combobox', { name: 'Move to folder' }).selectOption('Junk');
  await expect.poll(async () => [...(await serverFlags('Junk')).keys()]).toEqual(['Delta']);
  await page.screenshot({ path: 'docs/screenshots/actions.png' });
});

test('folders are created, renamed and deleted from the tree, on the server too', async ({ page }) => {
  await page.goto(world.host.url);
  const tree = page.getByRole('tree', { name: 'Accounts and folders' });
  await expect(tree.getByRole('button', { name: /Inbox/ })).toBeVisible();
  const folders = async () => (await world.dovecot.doveadm(['mailbox', 'list', '-u', world.user])).split('\n').map((line) => line.trim());

  page.once('dialog', (dialog) => void dialog.accept('Projets été'));
  await tree.getByRole('button', { name: 'New folder' }).click();
  await expect(tree.getByRole('button', { name: 'Projets été' })).toBeVisible();
  await expect.poll(folders).toContain('Projets été');

  await tree.getByLabel('Folder actions for Projets été').click();
  page.once('dialog', (dialog) => void dialog.accept('Clients'));
  await page.getByRole('menuitem', { name: 'New subfolder…' }).click();
  await expect(tree.getByRole('button', { name: 'Clients' })).toBeVisible();
  await expect.poll(folders).toContain('Projets été.Clients');

  await tree.getByLabel('Folder actions for Clients').click();
  page.once('dialog', (dialog) => void dialog.accept('Customers'));
  await page.getByRole('menuitem', { name: 'Rename…' }).click();
  await expect.poll(folders).toContain('Projets été.Customers');
  await expect(tree.getByRole('button', { name: 'Customers' })).toBeVisible();

  // Moved to the top level from its menu, then dragged back under Projets été.
  await tree.getByLabel('Folder actions for Customers').click();
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('menuitem', { name: 'Move to top level' }).click();
  await expect.poll(folders).toContain('Customers');
  page.once('dialog', (dialog) => void dialog.accept());
  await tree.getByRole('button', { name: 'Customers' }).dragTo(tree.getByRole('button', { name: 'Projets été' }));
  await expect.poll(folders).toContain('Projets été.Customers');
  await expect(tree.getByRole('button', { name: 'Customers' })).toBeVisible();

  await tree.getByLabel('Folder actions for Customers').click();
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('menuitem', { name: 'Delete…' }).click();
  await expect(tree.getByRole('button', { name: 'Customers' })).toHaveCount(0);
  await expect.poll(folders).not.toContain('Projets été.Customers');

  // Special folders offer no rename or delete.
  await tree.getByLabel('Folder actions for Trash').click();
  await expect(page.getByRole('menuitem', { name: 'Delete…' })).toHaveCount(0);
});

test('actions taken while the server is down survive a reload and reach it when it is back', async ({ page }) => {
  await page.goto(world.host.url);
  const rows = page.getByRole('option');
  await expect(rows).toHaveCount(3);
  const restart = await world.stopDovecot();

  await rows.filter({ hasText: 'Charlie' }).click();
  await page.getByRole('button', { name: 'Flag', exact: true }).click();
  await page.keyboard.press('e');
  await expect(rows.filter({ hasText: 'Charlie' })).toHaveCount(0);
  await rows.filter({ hasText: 'Bravo' }).click();
  await page.getByRole('button', { name: 'Flag', exact: true }).click();
  await expect(rows.filter({ hasText: 'Bravo' }).getByLabel('Flagged')).toBeVisible();

  // The app restarts while offline: the queued actions and their effect are still there.
  await page.reload();
  await expect(rows.filter({ hasText: 'Charlie' })).toHaveCount(0);
  await expect(rows.filter({ hasText: 'Bravo' }).getByLabel('Flagged')).toBeVisible();

  await restart();
  await expect.poll(async () => [...(await serverFlags('Archive')).keys()].sort(), { timeout: 45_000 }).toEqual(['Charlie', 'Foxtrot']);
  expect((await serverFlags('Archive')).get('Charlie')).toContain('\\Flagged');
  await expect.poll(async () => (await serverFlags('INBOX')).get('Bravo'), { timeout: 10_000 }).toContain('\\Flagged');
  await expect(rows.filter({ hasText: 'Bravo' }).getByLabel('Flagged')).toBeVisible();
});

test('several messages at once: ctrl-click, shift-click, keyboard, drag onto a folder', async ({ page }) => {
  const now = Date.now();
  for (const [i, subject] of ['Golf', 'Hotel', 'India', 'Juliett'].entries()) {
    await world.dovecot.saveMessage(world.user, 'INBOX', plainMessage(20 + i, { subject, date: new Date(now - (4 - i) * 60_000) }));
  }
  await page.goto(world.host.url);
  const rows = page.getByRole('option');
  await expect(rows.first()).toContainText('Juliett');

  // j moves down the list and opens each message; k moves back up.
  await page.keyboard.press('j');
  await expect(page.getByRole('article', { name: 'Message' })).toContainText('Juliett');
  await page.keyboard.press('j');
  await expect(page.getByRole('article', { name: 'Message' })).toContainText('India');
  await page.keyboard.press('k');
  await expect(page.getByRole('article', { name: 'Message' })).toContainText('Juliett');

  // Ctrl-click two, archive both with one key.
  await rows.filter({ hasText: 'Juliett' }).click();
  await rows.filter({ hasText: 'Hotel' }).click({ modifiers: ['Control'] });
  await expect(page.getByText('2 messages selected')).toBeVisible();
  await page.keyboard.press('e');
  await expect.poll(async () => [...(await serverFlags('Archive')).keys()].sort()).toEqual(expect.arrayContaining(['Hotel', 'Juliett']));

  // Shift-click a range, flag it.
  await rows.filter({ hasText: 'India' }).click();
  await rows.filter({ hasText: 'Golf' }).click({ modifiers: ['Shift'] });
  await expect(page.getByText('2 messages selected')).toBeVisible();
  await page.keyboard.press('s');
  await expect.poll(async () => (await serverFlags('INBOX')).get('Golf')).toContain('\\Flagged');
  await expect.poll(async () => (await serverFlags('INBOX')).get('India')).toContain('\\Flagged');

  // Drag the selection onto the Junk folder in the tree: both go.
  await rows.filter({ hasText: 'India' }).dragTo(page.getByRole('tree').getByRole('button', { name: 'Junk' }));
  await expect.poll(async () => [...(await serverFlags('Junk')).keys()].sort()).toEqual(expect.arrayContaining(['Golf', 'India']));
  await expect(rows.filter({ hasText: 'India' })).toHaveCount(0);
  await expect(rows.filter({ hasText: 'Golf' })).toHaveCount(0);
});

test('junk and not junk, select all, the shortcut list, the theme and the unread count in the title', async ({ page }) => {
  await page.goto(world.host.url);
  const rows = page.getByRole('option');
  await expect(rows.first()).toBeVisible();
  await expect(page).toHaveTitle(/^\(\d+\) Tern$/);

  // (The previous test dragged its selection, India and Golf, onto Junk.)
  await rows.filter({ hasText: 'Alpha' }).click();
  await page.keyboard.press('!');
  await expect.poll(async () => (await serverFlags('Junk')).get('Alpha')).toContain('$Junk');
  await page.getByRole('tree').getByRole('button', { name: 'Junk' }).click();
  await rows.filter({ hasText: 'Alpha' }).click();
  await page.getByRole('button', { name: 'Not junk' }).click();
  await expect.poll(async () => (await serverFlags('INBOX')).get('Alpha')).toContain('$NotJunk');
  expect((await serverFlags('INBOX')).get('Alpha')).not.toContain('$Junk');

  await page.getByRole('tree').getByRole('button', { name: /Inbox/ }).click();
  // Alpha is back in the Inbox: its rows are on screen (not the Junk folder's, still shown a moment ago).
  await expect(rows.filter({ hasText: 'Alpha' })).toBeVisible();
  await expect.poll(() => rows.count()).toBeGreaterThan(1);
  await rows.first().click();
  await page.keyboard.press('Control+a');
  await expect(page.getByText(/^\d+ messages selected$/)).toHaveText(`${(await serverFlags('INBOX')).size} messages selected`);

  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Archive');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);

  await page.getByRole('button', { name: /^Theme:/ }).click(); // system → light
  await page.getByRole('button', { name: /^Theme:/ }).click(); // light → dark
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await rows.first().click();
  await page.screenshot({ path: 'docs/screenshots/main-window-dark.png' });
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('button', { name: /^Theme:/ }).click(); // dark → system
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
});
