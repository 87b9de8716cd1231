/**
 * Search in the real UI: results while typing from every cached folder, Gmail-style operators, the server's
 * SEARCH finding what only the uncached body holds (marked, and openable), and the smart folders across
 * folders. The data is seeded in Dovecot and checked by what the user sees.
 */
import { expect, test } from '@playwright/test';
import { addAccountThroughUi } from '../electron/testing/addAccountThroughUi';
import { startMailWorld, type MailWorld } from './support/mailWorld';

const USER = 'sam@example.test';

function mail(options: { from: string; subject: string; body: string; day: string }): string {
  return [
    `From: ${options.from}`,
    `To: Sam <${USER}>`,
    `Subject: ${options.subject}`,
    `Date: ${new Date(`${options.day}T10:00:00Z`).toUTCString()}`,
    `Message-ID: <${options.day}-${options.subject.replace(/\W/g, '')}@example.test>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.body,
    '',
  ].join('\r\n');
}

let world: MailWorld;

test.beforeAll(async () => {
  world = await startMailWorld({
    user: USER,
    password: 'search-e2e-pw',
    seed: async (dovecot) => {
      const save = (path: string, options: Parameters<typeof mail>[0]) => dovecot.saveMessage(USER, path, mail(options));
      await save('INBOX', { from: 'Carol Díaz <carol@example.test>', subject: 'Budget 2027 draft', body: 'First numbers.', day: '2026-03-02' });
      await save('INBOX', { from: 'Dan <dan@example.test>', subject: 'Lunch on Friday', body: 'Meet by the zeppelin hangar.', day: '2026-03-05' });
      await save('INBOX', { from: 'Carol Díaz <carol@example.test>', subject: 'Re: Budget 2027 draft', body: 'Revised.', day: '2026-03-09' });
      await save('Archive', { from: 'Erin <erin@example.test>', subject: 'Budget 2026 final', body: 'Closed.', day: '2025-12-20' });
      await dovecot.doveadm(['flags', 'add', '-u', USER, '\\Seen', 'mailbox', 'INBOX', 'uid', '1']);
      await dovecot.doveadm(['flags', 'add', '-u', USER, '\\Flagged', 'mailbox', 'INBOX', 'uid', '3']);
      await dovecot.doveadm(['flags', 'add', '-u', USER, '\\Flagged \\Seen', 'mailbox', 'Archive', 'uid', '1']);
    },
  });
});

test.afterAll(() => world?.stop());

// These tests are about what the cache does and does not hold: no bodies fetched ahead for offline reading.
test.beforeEach(async ({ page }) => {
  await page.addInitScript({ content: `localStorage.setItem('tern.preferences', JSON.stringify({ offlineDays: 0 }))` });
});

test('search: cached folders, operators, the server for the rest, and smart folders', async ({ page }) => {
  await page.goto(world.host.url);
  await addAccountThroughUi(page, { email: world.user, password: world.password, imapPort: world.dovecot.imapPort, smtpPort: world.relay.port });
  const tree = page.getByRole('tree', { name: 'Accounts and folders' });
  await expect(page.getByRole('option')).toHaveCount(3);
  // Visiting Archive caches it; search then covers both folders.
  await tree.getByRole('button', { name: /Archive/ }).click();
  await expect(page.getByRole('option')).toHaveCount(1);
  await tree.getByRole('button', { name: /Inbox/ }).click();
  await expect(page.getByRole('option')).toHaveCount(3);

  const box = page.getByRole('searchbox', { name: 'Search mail' });
  await page.keyboard.press('/');
  await expect(box).toBeFocused();
  await box.pressSequentially('budget');
  const results = page.getByRole('listbox', { name: 'Search results' }).getByRole('option');
  await expect(results).toHaveCount(3);
  await expect(results.nth(0)).toContainText('Re: Budget 2027 draft');
  await expect(results.nth(2)).toContainText('Budget 2026 final');
  await expect(results.nth(2)).toContainText('Archive');
  await expect(results.nth(0)).toContainText('Inbox');
  await expect(page.getByRole('status').filter({ hasText: 'in cached mail' })).toContainText('3 in cached mail');

  // Accents fold, operators narrow, and a bad date is explained rather than ignored.
  await box.fill('from:diaz is:unread');
  await expect(results).toHaveCount(1);
  await expect(results.first()).toContainText('Re: Budget 2027 draft');
  await box.fill('budget in:archive');
  await expect(results).toHaveCount(1);
  await box.fill('budget before:2026-13-01');
  await expect(page.getByText('before: needs a date like 2026-01-31')).toBeVisible();

  // A word only in an uncached body: nothing cached matches, the server's SEARCH finds it, marked as such.
  await box.fill('zeppelin');
  await expect(page.getByRole('status').filter({ hasText: 'in cached mail' })).toContainText('0 in cached mail');
  await expect(page.getByText('1 on the server in INBOX')).toBeVisible({ timeout: 10_000 });
  await expect(results).toHaveCount(1);
  await expect(results.first()).toContainText('Lunch on Friday');
  await expect(results.first().getByText('server', { exact: true })).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/search.png' });
  await results.first().click();
  await expect(page.locator('.reader-body')).toContainText('zeppelin hangar');
  await expect(results.first()).not.toHaveClass(/unread/);
  // Now cached, the body is searched locally too.
  await box.fill('hangar');
  await expect(page.getByRole('status').filter({ hasText: 'in cached mail' })).toContainText('1 in cached mail');

  // Keyboard: Escape clears, the folder comes back.
  await box.press('Escape');
  await expect(page.getByRole('listbox', { name: 'Message list' }).getByRole('option')).toHaveCount(3);

  // Smart folders span folders.
  const smart = page.getByRole('navigation', { name: 'Views across accounts' });
  await smart.getByRole('button', { name: 'Flagged', exact: true }).click();
  const flagged = page.getByRole('listbox', { name: 'Flagged' }).getByRole('option');
  await expect(flagged).toHaveCount(2);
  await expect(flagged.nth(1)).toContainText('Budget 2026 final');
  await smart.getByRole('button', { name: 'Unread', exact: true }).click();
  const unread = page.getByRole('listbox', { name: 'Unread' }).getByRole('option');
  await expect(unread).toHaveCount(1);
  await page.keyboard.press('j');
  await expect(page.locator('.reader-subject')).toHaveText('Re: Budget 2027 draft');
  // Opened from the smart folder, it is marked read there and on the server, and leaves the Unread view.
  await expect(unread).toHaveCount(0, { timeout: 5000 });
  await smart.getByRole('button', { name: 'All inboxes' }).click();
  await expect(page.getByRole('listbox', { name: 'All inboxes' }).getByRole('option')).toHaveCount(3);
});

test('a conversation gathers the thread across folders, oldest first, and opens any of it', async ({ page }) => {
  const thread = (id: string, options: { from: string; subject: string; body: string; day: string; inReplyTo?: string; references?: string[] }) =>
    [
      `From: ${options.from}`,
      `To: Sam <${USER}>`,
      `Subject: ${options.subject}`,
      `Date: ${new Date(`${options.day}T10:00:00Z`).toUTCString()}`,
      `Message-ID: ${id}`,
      ...(options.inReplyTo ? [`In-Reply-To: ${options.inReplyTo}`] : []),
      ...(options.references ? [`References: ${options.references.join('\r\n ')}`] : []),
      'Content-Type: text/plain; charset=utf-8',
      '',
      options.body,
      '',
    ].join('\r\n');
  await world.dovecot.saveMessage(USER, 'INBOX', thread('<kayak-1@example.test>', { from: 'Ola <ola@example.test>', subject: 'Kayak trip', body: 'Who is in for Sunday?', day: '2026-04-01' }));
  await world.dovecot.saveMessage(USER, 'Sent', thread('<kayak-2@example.test>', { from: `Sam <${USER}>`, subject: 'Re: Kayak trip', body: 'Count me in.', day: '2026-04-02', inReplyTo: '<kayak-1@example.test>', references: ['<kayak-1@example.test>'] }));
  await world.dovecot.saveMessage(USER, 'INBOX', thread('<kayak-3@example.test>', { from: 'Ola <ola@example.test>', subject: 'Re: Kayak trip', body: 'Great, 9am at the pier.', day: '2026-04-03', inReplyTo: '<kayak-2@example.test>', references: ['<kayak-1@example.test>', '<kayak-2@example.test>'] }));

  await page.goto(world.host.url);
  const tree = page.getByRole('tree', { name: 'Accounts and folders' });
  await tree.getByRole('button', { name: /Inbox/ }).click();
  const rows = page.getByRole('listbox', { name: 'Message list' }).getByRole('option');
  await rows.filter({ hasText: 'Re: Kayak trip' }).click();
  const conversation = page.getByRole('region', { name: 'Conversation' });
  await expect(conversation.getByRole('heading')).toHaveText('3 messages in this conversation', { timeout: 10_000 });
  const entries = conversation.getByRole('listitem');
  await expect(entries.nth(0)).toContainText('Ola');
  await expect(entries.nth(1)).toContainText('Sent');
  await expect(entries.nth(2)).toHaveText('This message');
  // Older messages are collapsed; one opens in place, as text.
  await entries.nth(1).getByRole('button').first().click();
  await expect(entries.nth(1)).toContainText('Count me in.');
  await page.screenshot({ path: 'docs/screenshots/conversation.png' });
  await entries.nth(1).getByRole('button', { name: 'Open' }).click();
  await expect(page.locator('.reader-subject')).toHaveText('Re: Kayak trip');
  await expect(tree.getByRole('button', { name: /Sent/ })).toHaveClass(/selected/);
});

test('the list groups a folder by conversation, one row each with its size', async ({ page }) => {
  await page.goto(world.host.url);
  await page.getByRole('tree', { name: 'Accounts and folders' }).getByRole('button', { name: /Inbox/ }).click();
  const plain = page.getByRole('listbox', { name: 'Message list' }).getByRole('option');
  await expect(plain.filter({ hasText: 'Kayak trip' })).toHaveCount(2);
  await page.locator('.sort-control summary').click();
  await page.getByRole('menuitemcheckbox', { name: 'Group by conversation' }).click();
  const rows = page.getByRole('listbox', { name: 'Conversations, newest first' }).getByRole('option');
  // Both Kayak messages in the Inbox (and the reply in Sent) make one row, the newest, counting 3.
  await expect(rows.filter({ hasText: 'Kayak trip' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'Kayak trip' }).getByLabel('3 messages in this conversation')).toBeVisible();
  // The two Budget messages are one conversation too only if linked: they are not (no References).
  await expect(rows.filter({ hasText: 'Budget 2027 draft' })).toHaveCount(2);
  await page.locator('.sort-control summary').click();
  await page.getByRole('menuitemcheckbox', { name: 'Group by conversation' }).click();
  await expect(plain.filter({ hasText: 'Kayak trip' })).toHaveCount(2);
});

test('tags: set from the toolbar as IMAP keywords, shown on the row, found with tag:', async ({ page }) => {
  const keywordsOf = async (subject: string) => {
    const output = await world.dovecot.doveadm(['-f', 'tab', 'fetch', '-u', USER, 'flags', 'mailbox', 'INBOX', 'header', 'Subject', subject]);
    return output.trim().split('\n').slice(1).join(' ');
  };
  await page.goto(world.host.url);
  await page.getByRole('tree', { name: 'Accounts and folders' }).getByRole('button', { name: /Inbox/ }).click();
  const rows = page.getByRole('listbox', { name: 'Message list' }).getByRole('option');
  await rows.filter({ hasText: 'Lunch on Friday' }).click();
  await page.getByText('Tags', { exact: true }).click();
  await page.getByRole('menuitemcheckbox', { name: 'Important' }).click();
  await expect(rows.filter({ hasText: 'Lunch on Friday' }).locator('.tag')).toHaveText('Important');
  await expect.poll(() => keywordsOf('Lunch on Friday')).toContain('$label1');

  // The menu stays open for more choices.
  page.once('dialog', (dialog) => void dialog.accept('Invoices 2026'));
  await page.getByRole('menuitem', { name: 'New tag…' }).click();
  await expect.poll(() => keywordsOf('Lunch on Friday')).toContain('Invoices_2026');

  await page.getByRole('searchbox', { name: 'Search mail' }).fill('tag:"invoices 2026"');
  const results = page.getByRole('listbox', { name: 'Search results' }).getByRole('option');
  await expect(results).toHaveCount(1);
  await expect(results.first().locator('.tag')).toHaveText(['Important', 'Invoices_2026']);
  await page.getByRole('searchbox', { name: 'Search mail' }).fill('');

  await page.getByText('Tags (2)', { exact: true }).click();
  await page.getByRole('menuitemcheckbox', { name: 'Important' }).click();
  await expect.poll(() => keywordsOf('Lunch on Friday')).not.toContain('$label1');
});

test('a folder sorts by date either way, sender, subject or size, and opens from there', async ({ page }) => {
  await page.goto(world.host.url);
  await page.getByRole('tree', { name: 'Accounts and folders' }).getByRole('button', { name: /Inbox/ }).click();
  const sortBy = async (label: string) => {
    await page.locator('.sort-control summary').click();
    await page.getByRole('menuitemradio', { name: label }).click();
  };
  await sortBy('oldest first');
  const rows = page.getByRole('listbox', { name: 'Sorted: oldest first' }).getByRole('option');
  await expect(rows.first()).toContainText('Budget 2027 draft');
  await expect(rows.last()).toContainText('Re: Kayak trip');
  await sortBy('by subject');
  const bySubject = page.getByRole('listbox', { name: 'Sorted: by subject' }).getByRole('option');
  // "Re:" does not count: both Budget messages come first, Lunch last.
  await expect(bySubject.nth(0)).toContainText('Budget 2027 draft');
  await expect(bySubject.nth(1)).toContainText('Budget 2027 draft');
  await expect(bySubject.last()).toContainText('Lunch on Friday');
  await bySubject.last().click();
  await expect(page.locator('.reader-subject')).toHaveText('Lunch on Friday');
  await sortBy('newest first');
  await expect(page.getByRole('listbox', { name: 'Message list' }).getByRole('option').first()).toContainText('Re: Kayak trip');
});
