/**
 * "Save as file" in the reader, in browser mode against a real Dovecot: a 70 MB message that Tern will not
 * open says so and points at the link, which downloads the message whole, byte for byte as the server has it,
 * named after its subject.
 */
import { expect, test } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { addAccountThroughUi } from '../electron/testing/addAccountThroughUi';
import { largeMessage } from '../electron/testing/largeMessage';
import { startMailWorld, type MailWorld } from './support/mailWorld';

const USER = 'keeper@example.test';
const PASSWORD = 'keeper-pass-1';
const HUGE = largeMessage(70 * 1024 * 1024, 'Scans of the whole archive');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let world: MailWorld;

test.beforeAll(async () => {
  world = await startMailWorld({ user: USER, password: PASSWORD, seed: (dovecot) => dovecot.saveMessage(USER, 'INBOX', HUGE.source) });
});

test.afterAll(async () => {
  await world?.stop();
});

test('a message too large to open is saved whole as a .eml file', async ({ page }) => {
  await page.goto(world.host.url);
  await addAccountThroughUi(page, { email: USER, password: PASSWORD, imapPort: world.dovecot.imapPort, smtpPort: world.relay.port });
  await page.getByRole('option').filter({ hasText: 'Scans of the whole archive' }).click();
  const reader = page.getByRole('article', { name: 'Message' });
  await expect(reader.getByRole('alert')).toContainText('more than Tern opens (64 MB). “Save as file” keeps it whole');
  await page.screenshot({ path: 'docs/screenshots/reader-too-large.png' });

  const downloading = page.waitForEvent('download');
  await reader.getByRole('button', { name: 'Save as file' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('Scans of the whole archive.eml');
  const bytes = await readFile(await download.path());
  expect(bytes.length).toBe(HUGE.source.length);
  expect(sha256(bytes)).toBe(sha256(HUGE.source));
});
