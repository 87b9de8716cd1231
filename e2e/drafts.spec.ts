/**
 * Drafts in the real UI, checked on the server with doveadm: what is typed is kept in Drafts (exactly one
 * copy, \Draft, the latest text) after a few quiet seconds; after a reload it opens from the Drafts folder
 * in the composer, with the address that was still being typed; discarding it (after a confirmation)
 * removes it from the server.
 */
import { expect, test, type Page } from '@playwright/test';
import { plainMessage } from '../electron/testing/testMessages';
import { addAccountThroughUi } from '../electron/testing/addAccountThroughUi';
import { startMailWorld, type MailWorld } from './support/mailWorld';

let world: MailWorld;

test.beforeAll(async () => {
  world = await startMailWorld({
    user: 'dara@example.test',
    password: 'drafts-e2e-pw',
    webArgs: ['--poll-interval-ms', '1000'],
    seed: (dovecot) => dovecot.saveMessage('dara@example.test', 'INBOX', plainMessage(1, { subject: 'Welcome' })),
  });
});

test.afterAll(() => world?.stop());

/** Every message in Drafts on the server: flags, subject and text. */
async function serverDrafts(): Promise<{ flags: string; subject: string; body: string }[]> {
  const uids = (await world.dovecot.doveadm(['search', '-u', world.user, 'mailbox', 'Drafts', 'all'])).trim();
  if (!uids) return [];
  const drafts = [];
  for (const line of uids.split('\n')) {
    const uid = line.split(' ').at(-1)!;
    const flags = await world.dovecot.doveadm(['fetch', '-u', world.user, 'flags', 'mailbox', 'Drafts', 'uid', uid]);
    const subject = await world.dovecot.doveadm(['fetch', '-u', world.user, 'hdr.subject', 'mailbox', 'Drafts', 'uid', uid]);
    const body = await world.dovecot.doveadm(['fetch', '-u', world.user, 'body', 'mailbox', 'Drafts', 'uid', uid]);
    drafts.push({ flags: flags.replace(/^flags:\s*/, '').trim(), subject: subject.replace(/^hdr\.subject:\s*/, '').trim(), body });
  }
  return drafts;
}

const composer = (page: Page) => page.getByRole('region', { name: 'Compose message' });

test('a draft is kept on the server, once, reopens after a reload, and discarding removes it', async ({ page }) => {
  await page.goto(world.host.url);
  await addAccountThroughUi(page, { email: world.user, password: world.password, imapPort: world.dovecot.imapPort, smtpPort: world.relay.port });
  await expect(page.getByRole('option')).toHaveCount(1);

  await page.keyboard.press('c');
  const pane = composer(page);
  // A second address still being typed: not an address yet, but kept in the server copy as typed.
  await pane.getByLabel('To', { exact: true }).fill('Bob <bob@example.test>, dave@');
  await pane.getByLabel('Subject', { exact: true }).fill('Plans for the weekend');
  const body = pane.getByRole('textbox', { name: 'Message' });
  await body.click();
  await body.pressSequentially('First idea: the lake.');
  await expect(pane.getByRole('status', { name: 'Draft' })).toHaveText('Saved in Drafts', { timeout: 15_000 });
  await expect.poll(serverDrafts).toEqual([{ flags: expect.stringContaining('\\Draft'), subject: 'Plans for the weekend', body: expect.stringContaining('First idea: the lake.') }]);

  await body.pressSequentially(' Second idea: the hills.');
  await expect(pane.getByRole('status', { name: 'Draft' })).toHaveText('Saved on this computer');
  await expect(pane.getByRole('status', { name: 'Draft' })).toHaveText('Saved in Drafts', { timeout: 15_000 });
  await expect.poll(serverDrafts).toEqual([{ flags: expect.stringContaining('\\Draft'), subject: 'Plans for the weekend', body: expect.stringContaining('Second idea: the hills.') }]);

  await page.reload();
  await page.getByRole('tree').getByRole('button', { name: /Drafts/ }).click();
  await page.getByRole('option').filter({ hasText: 'Plans for the weekend' }).click();
  await expect(composer(page).getByLabel('Subject', { exact: true })).toHaveValue('Plans for the weekend');
  await expect(composer(page).getByLabel('To', { exact: true })).toHaveValue('Bob <bob@example.test>, dave@');
  const reopened = composer(page).getByRole('textbox', { name: 'Message' });
  await expect.poll(() => reopened.evaluate((node) => (node instanceof HTMLTextAreaElement ? node.value : node.textContent))).toContain('First idea: the lake. Second idea: the hills.');

  page.once('dialog', (dialog) => void dialog.accept());
  await composer(page).getByRole('button', { name: 'Discard' }).click();
  await expect(composer(page)).toHaveCount(0);
  await expect.poll(serverDrafts).toEqual([]);
});

test('the composer moves to a window of its own, and what is sent from there goes out once, its draft removed', async ({ page }) => {
  await page.goto(world.host.url);
  await expect(page.getByRole('option').first()).toBeVisible();
  await page.keyboard.press('c');
  const pane = composer(page);
  await pane.getByRole('combobox', { name: 'To' }).fill(world.user);
  await pane.getByLabel('Subject', { exact: true }).fill('Written in its own window');
  await pane.getByRole('textbox', { name: 'Message' }).click();
  await page.keyboard.type('Started in the main window.');

  const [popup] = await Promise.all([page.waitForEvent('popup'), pane.getByRole('button', { name: 'Open in a new window' }).click()]);
  await expect(composer(page)).toHaveCount(0);
  const own = composer(popup);
  await expect(own.getByLabel('Subject', { exact: true })).toHaveValue('Written in its own window');
  await expect(own.getByRole('combobox', { name: 'To' })).toHaveValue(world.user);
  await expect(own.getByRole('textbox', { name: 'Message' })).toContainText('Started in the main window.');
  await expect(own.getByRole('button', { name: 'Open in a new window' })).toHaveCount(0);
  await own.getByRole('textbox', { name: 'Message' }).click();
  await popup.keyboard.press('Control+End');
  await popup.keyboard.type(' Finished here.');
  await expect(own.getByRole('status', { name: 'Draft' })).toHaveText('Saved in Drafts', { timeout: 15_000 });
  await expect.poll(serverDrafts).toHaveLength(1);

  const closed = popup.waitForEvent('close');
  await own.getByRole('button', { name: 'Send' }).click();
  await closed;
  const sent = async () => (await world.dovecot.doveadm(['search', '-u', world.user, 'mailbox', 'INBOX', 'header', 'Subject', 'Written in its own window'])).trim().split('\n').filter(Boolean);
  // The undo delay ran in the window that closed; the main window's outbox sends it.
  await expect.poll(sent, { timeout: 30_000 }).toHaveLength(1);
  const uid = (await sent())[0]!.split(' ').at(-1)!;
  expect(await world.dovecot.doveadm(['fetch', '-u', world.user, 'body', 'mailbox', 'INBOX', 'uid', uid])).toContain('Started in the main window. Finished here.');
  await expect.poll(serverDrafts).toEqual([]);
  await page.waitForTimeout(2_000);
  expect(await sent()).toHaveLength(1);
});
