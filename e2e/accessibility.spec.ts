/**
 * axe-core over the main screens, in light and dark: the folder tree with a message open, search results,
 * the composer, and the settings dialog. Serious and critical violations fail the run; the screenshots of
 * each screen in both themes are the README's pictures.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { plainMessage } from '../electron/testing/testMessages';
import { addAccountThroughUi } from '../electron/testing/addAccountThroughUi';
import { startMailWorld, type MailWorld } from './support/mailWorld';

const USER = 'ada@example.test';
let world: MailWorld;

test.beforeAll(async () => {
  world = await startMailWorld({
    user: USER,
    password: 'a11y-e2e-pw',
    seed: async (dovecot) => {
      for (let i = 1; i <= 6; i++) await dovecot.saveMessage(USER, 'INBOX', plainMessage(i, { subject: `Accessible message ${i}` }));
      await dovecot.doveadm(['flags', 'add', '-u', USER, '\\Seen', 'mailbox', 'INBOX', 'uid', '1:3']);
    },
  });
});

test.afterAll(() => world?.stop());

async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(serious, `${screen}: axe found serious or critical violations`).toEqual([]);
}

for (const theme of ['light', 'dark'] as const) {
  test(`main screens have no serious accessibility violations (${theme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(world.host.url);
    // The first test adds the account; the engine keeps it for the second (a fresh browser profile).
    await expect(page.getByLabel('Email address').or(page.getByRole('tree', { name: 'Accounts and folders' }))).toBeVisible();
    if (await page.getByLabel('Email address').isVisible()) {
      await addAccountThroughUi(page, { email: world.user, password: world.password, imapPort: world.dovecot.imapPort, smtpPort: world.relay.port });
    }
    const rows = page.getByRole('listbox', { name: 'Message list' }).getByRole('option');
    await expect(rows).toHaveCount(6);
    await rows.filter({ hasText: 'Accessible message 5' }).click();
    await expect(page.locator('.reader-subject')).toHaveText('Accessible message 5');
    await expectNoSeriousViolations(page, 'mailbox with a message open');
    await page.screenshot({ path: `docs/screenshots/main-${theme}.png` });

    await page.getByRole('searchbox', { name: 'Search mail' }).fill('accessible');
    await expect(page.getByRole('listbox', { name: 'Search results' }).getByRole('option')).toHaveCount(6);
    await expectNoSeriousViolations(page, 'search results');
    await page.getByRole('searchbox', { name: 'Search mail' }).fill('');

    await page.getByRole('button', { name: 'Compose' }).first().click();
    await expect(page.getByLabel('Subject')).toBeVisible();
    await expectNoSeriousViolations(page, 'composer');
    await page.screenshot({ path: `docs/screenshots/compose-${theme}.png` });
    await page.getByRole('button', { name: 'Discard' }).click();

    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
    await expectNoSeriousViolations(page, 'settings');
    await page.keyboard.press('Escape');
  });
}
