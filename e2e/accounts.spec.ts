/**
 * Accounts as a person meets them, in Chromium against browser mode: add an account from the address alone
 * (the settings come from the domain's autoconfig server, over TLS checked against this run's own CA), then
 * edit and remove it.
 */
import { expect, test, type Page } from '@playwright/test';
import { plainMessage } from '../electron/testing/testMessages';
import { startDiscoveryWorld, type DiscoveryWorld } from './support/discoveryWorld';

const ALICE = { user: 'alice@example.test', password: 'autoconfig-pw' };
let world: DiscoveryWorld;

test.beforeAll(async () => {
  world = await startDiscoveryWorld([ALICE]);
  await world.dovecot.saveMessage(ALICE.user, 'INBOX', plainMessage(1, { subject: 'Found by autoconfig', from: 'Bob <bob@example.test>' }));
  await world.dovecot.saveMessage(ALICE.user, 'INBOX', plainMessage(2, { subject: 'Quote for the sales team', from: 'Carol <carol@example.test>' }).replace('To: Alice <alice@example.test>', 'To: Sales <sales@example.test>'));
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

test('several From addresses, each with its signature; a reply goes out from the address it was sent to', async ({ page }) => {
  await page.goto(world.host.url);
  const tree = page.getByRole('tree', { name: 'Accounts and folders' });
  await tree.getByRole('button', { name: `Settings for ${ALICE.user}` }).click();
  const settings = page.getByRole('region', { name: 'From addresses' });
  await settings.locator('#identity-0-name').fill('Alice');
  await settings.locator('#identity-0-signature').fill('Alice\nExample Test');
  await settings.getByRole('button', { name: 'Add a From address' }).click();
  await settings.locator('#identity-1-name').fill('Alice at Sales');
  await settings.locator('#identity-1-email').fill('sales@example.test');
  await settings.locator('#identity-1-signature').fill('Sales team');
  await settings.getByRole('button', { name: 'Save From addresses' }).click();
  await expect(settings.getByText('From addresses saved.')).toBeVisible();
  await page.getByRole('dialog', { name: 'Account settings' }).getByRole('button', { name: 'Close' }).click();

  // A new message starts from the default, with its signature; choosing another From swaps the signature.
  await page.getByRole('button', { name: 'Compose' }).click();
  const pane = page.getByRole('region', { name: 'Compose message' });
  const body = pane.getByRole('textbox', { name: 'Message' });
  // New messages start in rich text: an empty paragraph to write in, then the signature's.
  await expect(body.locator('p')).toHaveText(['', '-- AliceExample Test']);
  await expect(body.locator('p').nth(1).locator('br')).toHaveCount(2);
  await pane.getByLabel('From').selectOption({ label: 'Alice at Sales <sales@example.test>' });
  await expect(body.locator('p')).toHaveText(['', '-- Sales team']);
  await pane.getByLabel('To', { exact: true }).fill(ALICE.user);
  await pane.getByLabel('Subject', { exact: true }).fill('Hello from sales');
  await body.press('Control+Home');
  await body.pressSequentially('Prices attached.');
  await pane.getByRole('button', { name: 'Send' }).click();
  await expect.poll(async () => world.dovecot.doveadm(['fetch', '-u', ALICE.user, 'hdr', 'mailbox', 'INBOX', 'header', 'Subject', 'Hello from sales']), { timeout: 20_000 }).toMatch(/^From: Alice at Sales <sales@example\.test>$/m);

  // The reply to mail sent to the sales address goes out from it, with its signature above the quote.
  await page.getByRole('option').filter({ hasText: 'Quote for the sales team' }).click();
  await page.keyboard.press('r');
  const reply = page.getByRole('region', { name: 'Compose message' });
  await expect(reply.getByLabel('From')).toHaveValue(/\/.+/);
  await expect(reply.getByLabel('From').locator('option:checked')).toHaveText('Alice at Sales <sales@example.test>');
  await expect(reply.getByRole('textbox', { name: 'Message' })).toHaveValue(/^\n\n-- \nSales team\n\n.*wrote:\n> Body of message 2\.\n$/s);
  await page.screenshot({ path: 'docs/screenshots/compose-identity.png' });
});

/** Rows of each store in the page's IndexedDB cache, read with the raw API (independent of the app's code). */
function cachedRows(page: Page): Promise<Record<string, number>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const open = indexedDB.open('tern');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const stores = ['accounts', 'mailboxes', 'messages', 'cursors', 'pendingOps', 'outbox'];
          const tx = db.transaction(stores, 'readonly');
          const counts: Record<string, number> = {};
          for (const name of stores) {
            const request = tx.objectStore(name).count();
            request.onsuccess = () => (counts[name] = request.result);
          }
          tx.oncomplete = () => {
            db.close();
            resolve(counts);
          };
        };
      }),
  );
}

test('edit the account (tested before saving), then remove it with everything cached', async ({ page }) => {
  await page.goto(world.host.url);
  const tree = page.getByRole('tree', { name: 'Accounts and folders' });
  await expect(page.getByRole('option').filter({ hasText: 'Found by autoconfig' })).toBeVisible();
  await tree.getByRole('button', { name: `Settings for ${ALICE.user}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Account settings' });
  await expect(dialog.locator('#imap-host')).toHaveValue('localhost');

  // A new name, the password left empty: tested with the stored one, then saved.
  await dialog.getByLabel('Your name').fill('Alice Liddell');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog.getByText('Saved. The account reconnected with these settings.')).toBeVisible();
  await expect(tree.locator('.account-name').first()).toContainText('Alice Liddell');

  // One connection: push is off, and the account says so as a note, not an error. Saved, it stays.
  await dialog.getByLabel('Connections to the IMAP server').fill('1');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog.getByText('Saved. The account reconnected with these settings.')).toBeVisible();
  await expect(tree.getByText(/Push is off: this account may use one connection/)).toBeVisible();
  await expect(dialog.getByLabel('Connections to the IMAP server')).toHaveValue('1');

  // A wrong password is refused by the server and nothing is saved.
  await dialog.getByLabel('New password').fill('not-the-password');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog.locator('.check.failed').first()).toContainText('rejected the username or password');
  await expect(dialog.getByText('Saved.')).toHaveCount(0);
  await dialog.getByLabel('New password').fill('');
  await dialog.locator('#imap-port').fill('1');
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.locator('.check.failed')).toContainText('could not connect');
  await page.screenshot({ path: 'docs/screenshots/account-settings.png' });
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Still working with the stored password after a reload.
  await page.reload();
  await expect(page.getByRole('option').filter({ hasText: 'Found by autoconfig' })).toBeVisible();
  const before = await cachedRows(page);
  expect(before.messages).toBeGreaterThan(0);
  expect(before.mailboxes).toBeGreaterThan(0);

  await tree.getByRole('button', { name: `Settings for ${ALICE.user}` }).click();
  page.once('dialog', (confirm) => void confirm.accept());
  await page.getByRole('dialog', { name: 'Account settings' }).getByRole('button', { name: 'Remove account…' }).click();
  await expect(page.getByRole('heading', { name: 'Add a mail account' })).toBeVisible();
  expect(await cachedRows(page)).toEqual({ accounts: 0, mailboxes: 0, messages: 0, cursors: 0, pendingOps: 0, outbox: 0 });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Add a mail account' })).toBeVisible();
});
