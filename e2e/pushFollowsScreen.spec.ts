/**
 * Push follows the folder on screen: with a folder other than INBOX open, a flag set and a message saved there on
 * another device (doveadm) show in the list within about 1.5 s. The status poll runs once an hour here, so only
 * the watcher's IDLE on that folder can be in time.
 */
import { expect, test } from '@playwright/test';
import { plainMessage } from '../electron/testing/testMessages';
import { addAccountThroughUi } from '../electron/testing/addAccountThroughUi';
import { startMailWorld, type MailWorld } from './support/mailWorld';

const USER = 'hugo@example.test';
const FOLDER = 'Receipts';
let world: MailWorld;

test.beforeAll(async () => {
  world = await startMailWorld({
    user: USER,
    password: 'follow-screen-pw',
    webArgs: ['--poll-interval-ms', '3600000'],
    seed: async (dovecot) => {
      await dovecot.saveMessage(USER, 'INBOX', plainMessage(1, { subject: 'In the inbox', date: new Date() }));
      await dovecot.doveadm(['mailbox', 'create', '-s', '-u', USER, FOLDER]);
      for (let i = 1; i <= 3; i++) await dovecot.saveMessage(USER, FOLDER, plainMessage(10 + i, { subject: `Receipt ${i}`, date: new Date(Date.now() - i * 60_000) }));
    },
  });
});

test.afterAll(() => world?.stop());

test('changes in the open folder (not INBOX) arrive by push', async ({ page }) => {
  await page.goto(world.host.url);
  await addAccountThroughUi(page, { email: USER, password: world.password, imapPort: world.dovecot.imapPort, smtpPort: world.relay.port });
  await page.getByRole('tree').getByRole('button', { name: FOLDER }).click();
  const rows = page.getByRole('option');
  await expect(rows.first()).toContainText('Receipt 1');
  // The watcher moves once the choice has stood for 300 ms, then EXAMINEs the folder and idles 300 ms later.
  await page.waitForTimeout(1500);

  const uid = await rows.first().getAttribute('data-uid');
  await world.dovecot.doveadm(['flags', 'add', '-u', USER, '\\Flagged', 'mailbox', FOLDER, 'uid', String(uid)]);
  await expect(rows.first().getByLabel('Flagged')).toBeVisible({ timeout: 1500 });

  await world.dovecot.saveMessage(USER, FOLDER, plainMessage(20, { subject: 'A receipt pushed from another device', date: new Date() }));
  await expect(rows.first()).toContainText('A receipt pushed from another device', { timeout: 1500 });
});
