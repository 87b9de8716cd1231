/**
 * Accounts as a person meets them, in Chromium against browser mode: add an account from the address alone
 * (the settings come from the domain's autoconfig server, over TLS checked against this run's own CA), then
 * edit and remove it.
 */
import { expect, test } from '@playwright/test';
import { plainMessage } from '../electron/testing/testMessages';
import { startDiscoveryWorld, type DiscoveryWorld } from './support/discoveryWorld';

const ALICE = { user: 'alice@example.test', password: 'autoconfig-pw' };
let world: DiscoveryWorld;

test.beforeAll(async () => {
  world = await startDiscoveryWorld([ALICE]);
  await world.dovecot.saveMessage(ALICE.user, 'INBOX', plainMessage(1, { subject: 'Found by autoconfig', from: 'Bob <bob@example.test>' }));
});

test.afterAll(() => world?.stop());

test('add an account from the address alone', async ({ page }) => {
  await page.goto(world.host.url);
  await page.getByLabel('Your name').fill('Alice');
  await page.getByLabel('Email address').fill(ALICE.user);
  await page.getByLabel('Password').fill(ALICE.password);
  await page.getByRole('button', { name: 'Continue' }).click();

  const summary = page.getByLabel('Where these settings come from');
  await expect(summary).toContainText('Found Example Test Mail in https://autoconfig.example.test/mail/config-v1.1.xml');
  await expect(summary).toContainText('offered a connection without encryption; Tern ignored it');
  await expect(page.locator('#imap-host')).toHaveValue('localhost');
  await expect(page.locator('#imap-security')).toHaveValue('starttls');
  await expect(page.locator('#imap-port')).toHaveValue(String(world.dovecot.imapPort));
  await expect(page.locator('#smtp-security')).toHaveValue('tls');
  await expect(page.locator('#smtp-username')).toHaveValue(ALICE.user);
  expect(world.autoconfigRequests).toEqual([`/mail/config-v1.1.xml?emailaddress=${encodeURIComponent(ALICE.user)}`]);
  await page.screenshot({ path: 'docs/screenshots/add-account-discovered.png' });

  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByRole('tree').getByRole('button', { name: /Inbox/ })).toBeVisible();
  await expect(page.getByRole('option').filter({ hasText: 'Found by autoconfig' })).toBeVisible();
});

test('a provider that wants an app password says so, with its page, before anything is typed wrong', async ({ page }) => {
  await page.goto(world.host.url);
  // Alice's account, added above, is already there.
  await page.getByRole('button', { name: '+ Add account' }).click();
  await page.getByLabel('Email address').fill('someone@icloud.com');
  await page.getByRole('button', { name: 'Continue' }).click();
  const summary = page.getByLabel('Where these settings come from');
  await expect(summary).toContainText('Found iCloud Mail in Tern’s list of mail providers');
  await expect(summary).toContainText('needs an app password');
  await expect(summary.getByRole('link', { name: 'Create an app password' })).toHaveAttribute('href', 'https://support.apple.com/en-us/102654');
  await expect(page.locator('#imap-host')).toHaveValue('imap.mail.me.com');
});
