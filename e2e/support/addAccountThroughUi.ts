/** Fills the add-account form as a person would, for a loopback Dovecot and SMTP relay. */
import { expect, type Page } from '@playwright/test';

export async function addAccountThroughUi(page: Page, account: { email: string; password: string; imapPort: number; smtpPort: number }): Promise<void> {
  await page.getByLabel('Your name').fill('Test User');
  await page.getByLabel('Email address').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  for (const kind of ['imap', 'smtp'] as const) {
    await page.locator(`#${kind}-host`).fill('127.0.0.1');
    await page.locator(`#${kind}-security`).selectOption('none');
    await page.locator(`#${kind}-port`).fill(String(kind === 'imap' ? account.imapPort : account.smtpPort));
  }
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByRole('tree').getByRole('button', { name: /Inbox/ })).toBeVisible();
}
