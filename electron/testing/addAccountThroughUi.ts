/** Fills the add-account form as a person would, for a loopback Dovecot and SMTP relay (E2E tests and the benchmark). */
import type { Page } from '@playwright/test';

export interface UiAccount {
  email: string;
  password: string;
  imapPort: number;
  smtpPort: number;
}

export async function addAccountThroughUi(page: Page, account: UiAccount, timeoutMs = 15_000): Promise<void> {
  await page.getByLabel('Your name').fill('Test User');
  await page.getByLabel('Email address').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  // A loopback server is nothing discovery could find: straight to the manual settings.
  await page.getByRole('button', { name: 'Set up manually' }).click();
  for (const kind of ['imap', 'smtp'] as const) {
    await page.locator(`#${kind}-host`).fill('127.0.0.1');
    await page.locator(`#${kind}-security`).selectOption('none');
    await page.locator(`#${kind}-port`).fill(String(kind === 'imap' ? account.imapPort : account.smtpPort));
  }
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByRole('tree').getByRole('button', { name: /Inbox/ }).waitFor({ state: 'visible', timeout: timeoutMs });
}
