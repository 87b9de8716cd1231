/**
 * Images in the text of a rich-text message, in the real UI. One inserted from a file and one pasted stand
 * in the editor where they were put (from the page's own memory: nothing is loaded from anywhere); the draft saved on the
 * server brings them back into the text when it is reopened after a reload; the message read back from the
 * server is multipart/related with both images as parts its HTML names by cid:, and the reader shows them
 * where they stood.
 */
import { expect, test, type Page } from '@playwright/test';
import PostalMime from 'postal-mime';
import { addAccountThroughUi } from '../electron/testing/addAccountThroughUi';
import { solidPng } from '../electron/testing/htmlMessages';
import { startMailWorld, type MailWorld } from './support/mailWorld';

// The second test uses the account the first one adds: if that one fails, the second is skipped, not failed.
test.describe.configure({ mode: 'serial' });

const USER = 'ines@example.test';
const SUBJECT = 'The new sign';
const RED = solidPng(48, 32, [220, 40, 40]);
const GREEN = solidPng(24, 24, [30, 160, 60]);
let world: MailWorld;

test.beforeAll(async () => {
  world = await startMailWorld({ user: USER, password: 'inline-images-e2e-pw', webArgs: ['--poll-interval-ms', '1000'] });
});

test.afterAll(() => world?.stop());

/** The message with the subject in a folder of the user, as the server has it, parsed; null unless exactly one. */
async function onServer(folder: string, subject: string) {
  const uids = (await world.dovecot.doveadm(['search', '-u', USER, 'mailbox', folder, 'header', 'Subject', subject])).trim().split('\n').filter(Boolean);
  if (uids.length !== 1) return null;
  const uid = uids[0]!.split(' ').at(-1)!;
  const raw = (await world.dovecot.doveadm(['fetch', '-u', USER, 'text', 'mailbox', folder, 'uid', uid])).replace(/^text:\s?/, '');
  return { raw, parsed: await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' }) };
}

const composer = (page: Page) => page.getByRole('region', { name: 'Compose message' });

/** What the editor shows: each image's width as drawn from its bytes, and whether it is shown from this page's own memory (a blob: URL). */
const editorImages = (page: Page) =>
  composer(page)
    .getByRole('textbox', { name: 'Message' })
    // ProseMirror draws an image of its own after an inline node that ends a line, for the caret.
    .locator('img:not(.ProseMirror-separator)')
    .evaluateAll((images: HTMLImageElement[]) => images.map((image) => ({ local: image.src.startsWith(`blob:${location.origin}/`), width: image.complete ? image.naturalWidth : 0 })));

test('images put in the text are kept in the draft, sent as related parts, and shown where they stood', async ({ page }) => {
  await page.goto(world.host.url);
  await addAccountThroughUi(page, { email: world.user, password: world.password, imapPort: world.dovecot.imapPort, smtpPort: world.relay.port });

  await page.keyboard.press('c');
  const pane = composer(page);
  await pane.getByRole('combobox', { name: 'To' }).fill(USER);
  await pane.getByLabel('Subject', { exact: true }).fill(SUBJECT);
  const body = pane.getByRole('textbox', { name: 'Message' });
  await body.click();
  await page.keyboard.type('The sign: ');

  const chooser = page.waitForEvent('filechooser');
  await pane.getByRole('button', { name: 'Insert image' }).click();
  await (await chooser).setFiles({ name: 'red-sign.png', mimeType: 'image/png', buffer: RED });
  await expect.poll(() => editorImages(page)).toEqual([{ local: true, width: 48 }]);

  await page.keyboard.type(' and the logo: ');
  // A paste of an image file, as a screenshot copied to the clipboard arrives.
  await body.evaluate((editor, base64) => {
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], 'logo.png', { type: 'image/png' }));
    editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, GREEN.toString('base64'));
  await expect.poll(() => editorImages(page)).toEqual([{ local: true, width: 48 }, { local: true, width: 24 }]);
  // In the text, not in the list of attachments.
  await expect(pane.getByRole('list', { name: 'Attachments' })).toHaveCount(0);
  await page.screenshot({ path: 'docs/screenshots/compose-inline-images.png' });

  // The draft on the server carries the images as parts; reopened after a reload, they are back in the text.
  await expect(pane.getByRole('status', { name: 'Draft' })).toHaveText('Saved in Drafts', { timeout: 15_000 });
  await expect.poll(async () => (await onServer('Drafts', SUBJECT))?.parsed.attachments.length ?? 0).toBe(2);
  await page.reload();
  await page.getByRole('tree').getByRole('button', { name: /Drafts/ }).click();
  await page.getByRole('option').filter({ hasText: SUBJECT }).click();
  await expect(composer(page).getByLabel('Subject', { exact: true })).toHaveValue(SUBJECT);
  await expect.poll(() => editorImages(page)).toEqual([{ local: true, width: 48 }, { local: true, width: 24 }]);
  await expect(composer(page).getByRole('list', { name: 'Attachments' })).toHaveCount(0);

  await composer(page).getByRole('button', { name: 'Send' }).click();
  await expect.poll(() => onServer('INBOX', SUBJECT), { timeout: 20_000 }).not.toBeNull();
  const { raw, parsed } = (await onServer('INBOX', SUBJECT))!;
  expect(raw).toMatch(/Content-Type: multipart\/related/i);
  const parts = parsed.attachments.map((part) => ({ id: part.contentId?.replace(/^<|>$/g, ''), name: part.filename, type: part.mimeType, inline: part.disposition === 'inline', bytes: Buffer.from(part.content as ArrayBuffer) }));
  // Named after the files they came from.
  expect(parts.map(({ name, type, inline }) => ({ name, type, inline }))).toEqual([
    { name: 'red-sign.png', type: 'image/png', inline: true },
    { name: 'logo.png', type: 'image/png', inline: true },
  ]);
  expect(parts[0]!.bytes.equals(RED)).toBe(true);
  expect(parts[1]!.bytes.equals(GREEN)).toBe(true);
  // The HTML names each part by its Content-ID, in the order they stood, and carries no data: URL.
  const named = [...(parsed.html ?? '').matchAll(/<img [^>]*src="cid:([^"]+)"/g)].map((match) => match[1]);
  expect(named).toEqual([parts[0]!.id, parts[1]!.id]);
  expect(parsed.html).not.toContain('data:');
  expect(parsed.text?.replace(/\r\n/g, '\n').trim()).toBe('The sign: [image: red-sign] and the logo: [image: logo]');

  // The reader shows both where they stood.
  await page.getByRole('tree').getByRole('button', { name: /Inbox/ }).click();
  await page.getByRole('option').filter({ hasText: SUBJECT }).click();
  const frame = page.getByRole('article', { name: 'Message' }).frameLocator('iframe');
  await expect(frame.locator('body')).toContainText('The sign:');
  await expect
    .poll(() => frame.locator('img').evaluateAll((images: HTMLImageElement[]) => images.map((image) => (image.complete ? image.naturalWidth : 0))))
    .toEqual([48, 24]);
  await page.screenshot({ path: 'docs/screenshots/reader-inline-images.png' });
});

test('an image dropped on the text goes into it; any other file dropped there is attached', async ({ page }) => {
  await page.goto(world.host.url);
  await expect(page.getByRole('tree').getByRole('button', { name: /Inbox/ })).toBeVisible();
  await page.keyboard.press('c');
  const pane = composer(page);
  const body = pane.getByRole('textbox', { name: 'Message' });
  await body.click();
  await page.keyboard.type('Dropped: ');
  const drop = async (name: string, type: string, bytes: Buffer) => {
    const dataTransfer = await page.evaluateHandle(
      ({ name, type, base64 }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))], name, { type }));
        return transfer;
      },
      { name, type, base64: bytes.toString('base64') },
    );
    const box = (await body.boundingBox())!;
    const at = { clientX: box.x + 20, clientY: box.y + 10 };
    await body.dispatchEvent('dragenter', { dataTransfer, ...at });
    await body.dispatchEvent('dragover', { dataTransfer, ...at });
    await body.dispatchEvent('drop', { dataTransfer, ...at });
  };

  await drop('sign.png', 'image/png', RED);
  await expect.poll(() => editorImages(page)).toEqual([{ local: true, width: 48 }]);
  await expect(pane.getByRole('list', { name: 'Attachments' })).toHaveCount(0);
  await expect(pane).not.toHaveClass(/dropping/);

  await drop('minutes.txt', 'text/plain', Buffer.from('Minutes of the meeting'));
  await expect(pane.getByRole('list', { name: 'Attachments' }).getByRole('listitem')).toHaveText([/^minutes\.txt/]);
  await expect.poll(() => editorImages(page)).toEqual([{ local: true, width: 48 }]);

  page.once('dialog', (dialog) => void dialog.accept());
  await pane.getByRole('button', { name: 'Discard' }).click();
  await expect(pane).toHaveCount(0);
});
