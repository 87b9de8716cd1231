/**
 * Attachments in the composer, read back from the server: files dropped on the composer are attached with
 * their sizes, and a message over the SMTP server's SIZE is warned about before Send; a forward carries the
 * original's attachments byte for byte, or the original itself as a message/rfc822 attachment.
 */
import { expect, test, type Page } from '@playwright/test';
import PostalMime from 'postal-mime';
import { addAccountThroughUi } from '../electron/testing/addAccountThroughUi';
import { ATTACHMENT_PNG, messageWithAttachments, plainName } from '../electron/testing/attachmentMessages';
import { startMailWorld, type MailWorld } from './support/mailWorld';

const USER = 'tess@example.test';
const ORIGINAL = messageWithAttachments({
  subject: 'Site photos',
  text: 'Photos from the site visit.',
  attachments: [{ contentType: 'image/png', dispositionParams: plainName('site.png'), data: ATTACHMENT_PNG }],
});
let world: MailWorld;

test.beforeAll(async () => {
  world = await startMailWorld({
    user: USER,
    password: 'attach-e2e-pw',
    // Small enough for a test file to pass it, large enough for ordinary messages.
    relayMaxBytes: 60_000,
    seed: (dovecot) => dovecot.saveMessage(USER, 'INBOX', ORIGINAL),
  });
});

test.afterAll(() => world?.stop());

async function received(subject: string) {
  const uids = (await world.dovecot.doveadm(['search', '-u', USER, 'mailbox', 'INBOX', 'header', 'Subject', subject])).trim().split('\n').filter(Boolean);
  if (uids.length !== 1) return null;
  const uid = uids[0]!.split(' ').at(-1)!;
  const text = (await world.dovecot.doveadm(['fetch', '-u', USER, 'text', 'mailbox', 'INBOX', 'uid', uid])).replace(/^text:\s?/, '');
  return PostalMime.parse(text, { attachmentEncoding: 'arraybuffer' });
}

/** Drops files made in the page onto the composer, as a drag from the desktop would. */
async function dropFiles(page: Page, files: { name: string; size: number }[]) {
  const composer = page.getByRole('region', { name: 'Compose message' });
  const dataTransfer = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const file of list) transfer.items.add(new File([new Uint8Array(file.size).map((_, i) => i % 251)], file.name, { type: 'application/octet-stream' }));
    return transfer;
  }, files);
  await composer.dispatchEvent('dragenter', { dataTransfer });
  await composer.dispatchEvent('dragover', { dataTransfer });
  await expect(composer).toHaveClass(/dropping/);
  await composer.dispatchEvent('drop', { dataTransfer });
}

test('files dropped on the composer are attached, and a message over the server’s limit is warned about', async ({ page }) => {
  await page.goto(world.host.url);
  await addAccountThroughUi(page, { email: world.user, password: world.password, imapPort: world.dovecot.imapPort, smtpPort: world.relay.port });
  await page.keyboard.press('c');
  const pane = page.getByRole('region', { name: 'Compose message' });
  await pane.getByRole('combobox', { name: 'To' }).fill(USER);
  await pane.getByLabel('Subject', { exact: true }).fill('Dropped files');

  await dropFiles(page, [{ name: 'notes.bin', size: 3000 }]);
  const list = pane.getByRole('list', { name: 'Attachments' });
  await expect(list.getByRole('listitem')).toHaveText([/^notes\.bin 2\.9 KB/]);
  await expect(pane.getByRole('alert')).toHaveCount(0);

  await dropFiles(page, [{ name: 'big.bin', size: 80_000 }]);
  await expect(list.getByRole('listitem')).toHaveText([/^notes\.bin/, /^big\.bin 78 KB/]);
  await expect(pane.getByRole('alert')).toContainText('the outgoing server accepts at most 59 KB');
  await pane.getByRole('button', { name: 'Remove big.bin' }).click();
  await expect(pane.getByRole('alert')).toHaveCount(0);

  await pane.getByRole('button', { name: 'Send' }).click();
  await expect.poll(() => received('Dropped files'), { timeout: 20_000 }).not.toBeNull();
  const message = (await received('Dropped files'))!;
  expect(message.attachments.map((attachment) => attachment.filename)).toEqual(['notes.bin']);
  const bytes = Buffer.from(message.attachments[0]!.content as ArrayBuffer);
  expect(bytes.equals(Buffer.from(Uint8Array.from({ length: 3000 }, (_, i) => i % 251)))).toBe(true);
});

test('a forward carries the original’s attachments, or the original itself as an attachment', async ({ page }) => {
  await page.goto(world.host.url);
  await page.getByRole('option').filter({ hasText: 'Site photos' }).click();
  await page.keyboard.press('f');
  const pane = page.getByRole('region', { name: 'Compose message' });
  await expect(pane.getByRole('list', { name: 'Attachments' }).getByRole('listitem')).toHaveText([/^site\.png/]);
  await pane.getByRole('combobox', { name: 'To' }).fill(USER);
  await pane.getByRole('button', { name: 'Send' }).click();
  await expect.poll(() => received('Fwd: Site photos'), { timeout: 20_000 }).not.toBeNull();
  const forwarded = (await received('Fwd: Site photos'))!;
  expect(forwarded.attachments.map((attachment) => [attachment.filename, attachment.mimeType])).toEqual([['site.png', 'image/png']]);
  expect(Buffer.from(forwarded.attachments[0]!.content as ArrayBuffer).equals(ATTACHMENT_PNG)).toBe(true);
  expect(forwarded.text).toContain('Photos from the site visit.');

  await page.getByRole('option').filter({ hasText: 'Site photos' }).filter({ hasNotText: 'Fwd' }).click();
  await page.keyboard.press('f');
  const again = page.getByRole('region', { name: 'Compose message' });
  await again.getByRole('button', { name: 'Forward as attachment instead' }).click();
  await expect(again.getByRole('list', { name: 'Attachments' }).getByRole('listitem')).toHaveText([/^Site photos\.eml/]);
  await again.getByRole('combobox', { name: 'To' }).fill(USER);
  await again.getByLabel('Subject', { exact: true }).fill('Fwd as attachment: Site photos');
  await again.getByRole('button', { name: 'Send' }).click();
  await expect.poll(() => received('Fwd as attachment: Site photos'), { timeout: 20_000 }).not.toBeNull();
  const wrapped = (await received('Fwd as attachment: Site photos'))!;
  expect(wrapped.attachments.map((attachment) => [attachment.filename, attachment.mimeType])).toEqual([['Site photos.eml', 'message/rfc822']]);
  const inner = await PostalMime.parse(Buffer.from(wrapped.attachments[0]!.content as ArrayBuffer), { attachmentEncoding: 'arraybuffer' });
  expect(inner.subject).toBe('Site photos');
  expect(Buffer.from(inner.attachments[0]!.content as ArrayBuffer).equals(ATTACHMENT_PNG)).toBe(true);
});
