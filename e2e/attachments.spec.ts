/**
 * Attachments in the reader, in browser mode against a real Dovecot: Save downloads the exact bytes under a
 * safe base name (no path, no right-to-left override), a program asks first and says what it really is, and
 * Open previews an image and a text file in the app.
 */
import { expect, test, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { addAccountThroughUi } from '../electron/testing/addAccountThroughUi';
import { ATTACHMENT_BASHRC, ATTACHMENT_PNG, ATTACHMENT_TEXT, fakeExe, hostileAttachmentMessage, messageWithAttachments, plainName } from '../electron/testing/attachmentMessages';
import { largeMessage } from '../electron/testing/largeMessage';
import { simplePdf } from '../electron/testing/pdfFiles';
import { messageWithAttachment } from '../electron/testing/testMessages';
import { startMailWorld, type MailWorld } from './support/mailWorld';

const USER = 'attach@example.test';
const PASSWORD = 'attach-pass-1';
const SUBJECT = 'Files for you';

let world: MailWorld;
// A 40 MB message whose big.bin is ~29 MB decoded: past the 25 MB that used to be the limit for saving.
const LARGE = largeMessage(40 * 1024 * 1024, 'A very large file');
const LARGE_BYTES = Buffer.from(LARGE.source.subarray(LARGE.source.indexOf('\r\n\r\n', LARGE.source.indexOf('filename="big.bin"')) + 4, LARGE.source.lastIndexOf('\r\n--tern-large-boundary--')).toString('latin1'), 'base64');

test.beforeAll(async () => {
  world = await startMailWorld({
    user: USER,
    password: PASSWORD,
    seed: async (dovecot) => {
      await dovecot.saveMessage(USER, 'INBOX', hostileAttachmentMessage(SUBJECT));
      await dovecot.saveMessage(USER, 'INBOX', messageWithAttachment('The report'));
      await dovecot.saveMessage(
        USER,
        'INBOX',
        messageWithAttachments({
          subject: 'A real PDF',
          attachments: [{ contentType: 'application/pdf', dispositionParams: plainName('letter.pdf'), data: simplePdf('Hello from a PDF', { openActionScript: "app.alert('PWNED')" }) }],
        }),
      );
      const forwarded = [
        'From: =?UTF-8?Q?In=C3=A8s?= <ines@example.test>',
        'To: Team <team@example.test>',
        'Subject: Quarterly numbers',
        'Date: Mon, 05 Jan 2026 10:00:00 +0000',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Inner <b>figures</b> attached.</p><script>parent.document.title = "PWNED"</script>',
        '',
      ].join('\r\n');
      await dovecot.saveMessage(
        USER,
        'INBOX',
        messageWithAttachments({ subject: 'Fwd: Quarterly numbers', attachments: [{ contentType: 'message/rfc822', dispositionParams: plainName('Quarterly numbers.eml'), data: Buffer.from(forwarded) }] }),
      );
      await dovecot.saveMessage(USER, 'INBOX', LARGE.source);
    },
  });
});

test.afterAll(async () => {
  await world?.stop();
});

test.beforeEach(async ({ page }) => {
  // The name the app asks the browser to save under, before the browser's own clean-up of it.
  await page.addInitScript(() => {
    const names: string[] = [];
    (window as unknown as { ternDownloadNames: string[] }).ternDownloadNames = names;
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      if (this.download) names.push(this.download);
      click.call(this);
    };
  });
  await page.goto(world.host.url);
  const form = page.getByRole('heading', { name: 'Add a mail account' });
  const inbox = page.getByRole('tree').getByRole('button', { name: /Inbox/ });
  await expect(form.or(inbox).first()).toBeVisible();
  if (await form.isVisible()) await addAccountThroughUi(page, { email: USER, password: PASSWORD, imapPort: world.dovecot.imapPort, smtpPort: world.relay.port });
  await expect(page.getByRole('option')).toHaveCount(5);
});

async function open(page: Page, subject: string) {
  await page.getByRole('option').filter({ hasText: subject }).click();
  const reader = page.getByRole('article', { name: 'Message' });
  await expect(reader.locator('.reader-subject')).toHaveText(subject);
  const list = reader.getByRole('list', { name: 'Attachments' });
  await expect(list).toBeVisible();
  return list;
}

async function save(page: Page, name: string) {
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: `Save ${name}`, exact: true }).click();
  const download = await downloading;
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(path) };
}

test('lists safe names and saves the exact bytes under the base name only', async ({ page }) => {
  const list = await open(page, SUBJECT);
  await expect(list.locator('.attachment-name')).toHaveText(['dot.png', 'notes.txt', '.bashrc', 'invoicefdp.exe']);
  // The raw names are never shown.
  await expect(list).not.toContainText('../');
  expect(await list.textContent()).not.toContain('\u202E');

  const bashrc = await save(page, '.bashrc');
  // The app offers `.bashrc`, no path; Chromium's download code then trims the leading dot itself (so a
  // download never lands as a hidden file): the browser suggests `bashrc`.
  expect(await page.evaluate(() => (window as unknown as { ternDownloadNames: string[] }).ternDownloadNames)).toEqual(['.bashrc']);
  expect(bashrc.name).toMatch(/^\.?bashrc$/);
  expect(bashrc.bytes.equals(Buffer.from(ATTACHMENT_BASHRC))).toBe(true);

  const png = await save(page, 'dot.png');
  expect(png.name).toBe('dot.png');
  expect(png.bytes.equals(ATTACHMENT_PNG)).toBe(true);

  const text = await save(page, 'notes.txt');
  expect(text.bytes.toString('utf8')).toBe(ATTACHMENT_TEXT);
});

test('a program asks before it is saved, naming what it really is', async ({ page }) => {
  await open(page, SUBJECT);
  // Declined: nothing is downloaded.
  let question = '';
  page.once('dialog', (dialog) => {
    question = dialog.message();
    void dialog.dismiss();
  });
  let downloads = 0;
  page.on('download', () => (downloads += 1));
  await page.getByRole('button', { name: 'Save invoicefdp.exe', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Not saved.' })).toBeVisible();
  expect(question).toContain('“invoicefdp.exe” is a Windows program (MZ executable)');
  expect(downloads).toBe(0);

  // Accepted: saved byte-exact, the override gone from the name.
  page.once('dialog', (dialog) => void dialog.accept());
  const exe = await save(page, 'invoicefdp.exe');
  expect(exe.name).toBe('invoicefdp.exe');
  expect(await page.evaluate(() => (window as unknown as { ternDownloadNames: string[] }).ternDownloadNames)).toEqual(['invoicefdp.exe']);
  expect(exe.bytes.equals(fakeExe())).toBe(true);
});

test('Open previews images and text in the app, and is not offered for programs', async ({ page }) => {
  const list = await open(page, SUBJECT);
  // The exe claims application/pdf, but its name says program: no "Open".
  await expect(list.getByRole('button', { name: 'Open invoicefdp.exe' })).toHaveCount(0);
  await expect(list.getByRole('button', { name: 'Open .bashrc' })).toHaveCount(0);

  await list.getByRole('button', { name: 'Open dot.png', exact: true }).click();
  const imageDialog = page.getByRole('dialog', { name: 'Preview of dot.png' });
  const image = imageDialog.getByRole('img', { name: 'dot.png' });
  await expect(image).toBeVisible();
  await expect(image).toHaveAttribute('src', /^blob:/);
  await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth)).toBe(8);
  await imageDialog.getByRole('button', { name: 'Close' }).click();
  await expect(imageDialog).toHaveCount(0);

  await list.getByRole('button', { name: 'Open notes.txt', exact: true }).click();
  const textDialog = page.getByRole('dialog', { name: 'Preview of notes.txt' });
  await expect(textDialog.locator('pre')).toBeVisible();
  expect(await textDialog.locator('pre').textContent()).toBe(ATTACHMENT_TEXT);
  // Shown as text: the markup in it is not markup.
  await expect(textDialog.locator('pre b')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(textDialog).toHaveCount(0);
});

test('the first slice’s attachment still shows its name and saves', async ({ page }) => {
  const list = await open(page, 'The report');
  await expect(list).toContainText('report.pdf');
  const pdf = await save(page, 'report.pdf');
  expect(pdf.name).toBe('report.pdf');
  expect(pdf.bytes.toString('latin1')).toBe('%PDF-1.4 tiny');
});

test('a PDF is drawn in the app by pdf.js, its script never runs, and a broken one says so', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => message.text().includes('Content Security Policy') && violations.push(message.text()));
  page.on('dialog', (dialog) => {
    violations.push(`a dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
  const list = await open(page, 'A real PDF');
  await list.getByRole('button', { name: 'Open letter.pdf', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Preview of letter.pdf' });
  const canvas = dialog.getByRole('img', { name: 'Page 1 of letter.pdf' });
  await expect(canvas).toBeVisible({ timeout: 15_000 });
  // The text was painted: the page is not blank.
  await expect
    .poll(() => canvas.evaluate((element: HTMLCanvasElement) => {
      const { data } = element.getContext('2d')!.getImageData(0, 0, element.width, element.height);
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 100) dark++;
      return dark;
    }))
    .toBeGreaterThan(200);
  await page.keyboard.press('Escape');

  const report = await open(page, 'The report');
  await report.getByRole('button', { name: 'Open report.pdf', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Preview of report.pdf' }).getByRole('alert')).toContainText('This PDF could not be shown');
  expect(violations).toEqual([]);
});

test('a forwarded message opens nested, with its own headers, sanitized like any message', async ({ page }) => {
  const list = await open(page, 'Fwd: Quarterly numbers');
  await list.getByRole('button', { name: 'Open Quarterly numbers.eml', exact: true }).click();
  const nested = page.getByRole('dialog', { name: 'Attached message' });
  await expect(nested.getByRole('heading', { name: 'Quarterly numbers' })).toBeVisible();
  await expect(nested).toContainText('Inès <ines@example.test>');
  await expect(nested.frameLocator('iframe').locator('body')).toContainText('Inner figures attached.');
  await expect(page).not.toHaveTitle(/PWNED/);
  await page.keyboard.press('Escape');
  await expect(nested).toHaveCount(0);
});

test('a 29 MB attachment is saved straight to disk from a one-time URL, byte-exact, and the URL works once', async ({ page }) => {
  expect(LARGE_BYTES.length).toBe(LARGE.attachmentBytes);
  expect(LARGE_BYTES.length).toBeGreaterThan(25 * 1024 * 1024);
  // What the page sends over its socket: the file must not be among it.
  let socketBytes = 0;
  page.on('websocket', (socket) => socket.on('framereceived', (frame) => (socketBytes += typeof frame.payload === 'string' ? frame.payload.length : frame.payload.byteLength)));
  const list = await open(page, 'A very large file');
  await expect(list.locator('.attachment-name')).toHaveText(['notes.txt', 'big.bin']);
  const downloading = page.waitForEvent('download', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Save big.bin', exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('big.bin');
  const url = new URL(download.url());
  expect(url.pathname).toMatch(/^\/download\/[A-Za-z0-9_-]{32}$/);
  const path = await download.path();
  expect((await stat(path)).size).toBe(LARGE_BYTES.length);
  const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  expect(sha(await readFile(path))).toBe(sha(LARGE_BYTES));
  expect(socketBytes).toBeLessThan(1024 * 1024);
  // Used once: the same URL (token and all) is refused now, and the engine's decoded copy is gone.
  const again = await page.request.get(download.url());
  expect(again.status()).toBe(404);
  expect(await readdir(join(world.dataDir, 'attachment-exports')).catch(() => [])).toEqual([]);
});
