/**
 * Address autocomplete in the composer: people from cached mail, the ones written to (Sent) first, then the
 * ones heard from; ↓ ↑ Enter Tab and Esc work on the ARIA combobox, and what is picked is a parsed address.
 */
import { expect, test } from '@playwright/test';
import { plainMessage } from '../electron/testing/testMessages';
import { addAccountThroughUi } from '../electron/testing/addAccountThroughUi';
import { startMailWorld, type MailWorld } from './support/mailWorld';

const USER = 'ivy@example.test';
let world: MailWorld;

const sentTo = (to: string, n: number) =>
  [`From: Ivy <${USER}>`, `To: ${to}`, `Subject: Sent ${n}`, `Date: ${new Date(Date.now() - n * 86_400_000).toUTCString()}`, `Message-ID: <sent-${n}@example.test>`, '', 'Hello', ''].join('\r\n');

test.beforeAll(async () => {
  world = await startMailWorld({
    user: USER,
    password: 'autocomplete-e2e-pw',
    seed: async (dovecot) => {
      const recent = new Date(Date.now() - 86_400_000);
      await dovecot.saveMessage(USER, 'INBOX', plainMessage(1, { subject: 'From Zoe', from: 'Zoe Zimmer <zoe@example.test>', date: recent }));
      await dovecot.saveMessage(USER, 'INBOX', plainMessage(2, { subject: 'From Zelda', from: 'Zelda Quinn <zelda@example.test>', date: new Date(Date.now() - 90 * 86_400_000) }));
      await dovecot.saveMessage(USER, 'Sent', sentTo('Zack Young <zack@example.test>', 3));
      await dovecot.saveMessage(USER, 'Sent', sentTo('Zack Young <zack@example.test>', 5));
    },
  });
});

test.afterAll(() => world?.stop());

test('suggests people from cached mail, written-to first, and picks with the keyboard', async ({ page }) => {
  await page.goto(world.host.url);
  await addAccountThroughUi(page, { email: world.user, password: world.password, imapPort: world.dovecot.imapPort, smtpPort: world.relay.port });
  await expect(page.getByRole('option')).toHaveCount(2);
  // Sent is cached too (its two messages are what put Zack first).
  await page.getByRole('tree').getByRole('button', { name: /Sent/ }).click();
  await expect(page.getByRole('option')).toHaveCount(2);

  await page.keyboard.press('c');
  const pane = page.getByRole('region', { name: 'Compose message' });
  const to = pane.getByRole('combobox', { name: 'To' });
  await to.pressSequentially('z');
  const list = pane.getByRole('listbox', { name: 'Suggested addresses' });
  await expect(list.getByRole('option')).toHaveText([/^Zack Young\s*zack@example\.test$/, /^Zoe Zimmer\s*zoe@example\.test$/, /^Zelda Quinn\s*zelda@example\.test$/]);
  await expect(to).toHaveAttribute('aria-expanded', 'true');
  await expect(list.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');

  await to.press('ArrowDown');
  await expect(list.getByRole('option', { selected: true })).toHaveText(/Zoe Zimmer/);
  await expect(to).toHaveAttribute('aria-activedescendant', (await list.getByRole('option', { selected: true }).getAttribute('id'))!);
  await to.press('Enter');
  await expect(to).toHaveValue('Zoe Zimmer <zoe@example.test>, ');
  await expect(to).toHaveAttribute('aria-expanded', 'false');
  // Enter picked a suggestion; it did not send the message.
  await expect(pane).toBeVisible();

  await to.pressSequentially('qui');
  await expect(list.getByRole('option')).toHaveText([/Zelda Quinn/]);
  await to.press('Tab');
  await expect(to).toHaveValue('Zoe Zimmer <zoe@example.test>, Zelda Quinn <zelda@example.test>, ');
  await expect(to).toBeFocused();

  await to.pressSequentially('za');
  await expect(list.getByRole('option')).toHaveText([/Zack Young/]);
  await to.press('Escape');
  await expect(list).toBeHidden();
  await expect(pane).toBeVisible();
  await expect(to).toHaveValue('Zoe Zimmer <zoe@example.test>, Zelda Quinn <zelda@example.test>, za');

  // The mouse works too; an address already in the field is not offered again.
  await to.press('Backspace');
  await to.press('Backspace');
  await to.pressSequentially('z');
  await expect(list.getByRole('option')).toHaveText([/Zack Young/]);
  await list.getByRole('option', { name: /Zack Young/ }).click();
  await expect(to).toHaveValue('Zoe Zimmer <zoe@example.test>, Zelda Quinn <zelda@example.test>, Zack Young <zack@example.test>, ');
});
