/**
 * Rich text in the real UI: a new message written with bold, a list, a link and a quote arrives (read back
 * from the server) as multipart/alternative with that HTML and a faithful plain-text part; a reply to an HTML
 * message quotes the original's sanitized HTML — its formatting kept, its script and remote image gone, and
 * nothing requested from the remote server while composing (a canary with a control request proves it).
 */
import { expect, test, type Page } from '@playwright/test';
import PostalMime from 'postal-mime';
import { addAccountThroughUi } from '../electron/testing/addAccountThroughUi';
import { htmlMessage } from '../electron/testing/htmlMessages';
import { startCanaryServer, type CanaryServer } from './support/canaryServer';
import { startMailWorld, type MailWorld } from './support/mailWorld';

// The reply test uses the account the first test adds: if that one fails, the reply test is skipped, not failed.
test.describe.configure({ mode: 'serial' });

const USER = 'rita@example.test';
let world: MailWorld;
let canary: CanaryServer;

test.beforeAll(async () => {
  canary = await startCanaryServer();
  world = await startMailWorld({
    user: USER,
    password: 'richtext-e2e-pw',
    seed: (dovecot) =>
      dovecot.saveMessage(
        USER,
        'INBOX',
        htmlMessage({
          subject: 'Quarterly numbers',
          from: 'Max Mustermann <max@example.test>',
          // Replies go back to this mailbox, where the test reads them.
          replyTo: USER,
          html: `<p>The numbers are <b>up</b> this quarter.</p><ul><li>Sales</li><li>Support</li></ul><img src="${canary.origin}/remote/chart.png" alt="chart"><img src="x" onerror="fetch('${canary.origin}/script/onerror')">`,
        }),
      ),
  });
});

test.afterAll(async () => {
  await world?.stop();
  await canary?.close();
});

/** The message with this subject in the user's INBOX, as the server has it, parsed. */
async function received(subject: string) {
  const uids = (await world.dovecot.doveadm(['search', '-u', USER, 'mailbox', 'INBOX', 'header', 'Subject', subject])).trim().split('\n').filter(Boolean);
  if (uids.length !== 1) return null;
  const uid = uids[0]!.split(' ').at(-1)!;
  const text = (await world.dovecot.doveadm(['fetch', '-u', USER, 'text', 'mailbox', 'INBOX', 'uid', uid])).replace(/^text:\s?/, '');
  return { raw: text, parsed: await PostalMime.parse(text) };
}

const composer = (page: Page) => page.getByRole('region', { name: 'Compose message' });

test('a rich-text message goes out as HTML with a faithful plain-text part', async ({ page }) => {
  await page.goto(world.host.url);
  await addAccountThroughUi(page, { email: world.user, password: world.password, imapPort: world.dovecot.imapPort, smtpPort: world.relay.port });
  await expect(page.getByRole('option')).toHaveCount(1);

  await page.keyboard.press('c');
  const pane = composer(page);
  await pane.getByRole('combobox', { name: 'To' }).fill(USER);
  await pane.getByLabel('Subject', { exact: true }).fill('Formatted note');
  const body = pane.getByRole('textbox', { name: 'Message' });
  await body.click();
  await page.keyboard.type('Hello ');
  await page.keyboard.press('Control+b');
  await page.keyboard.type('world');
  await page.keyboard.press('Control+b');
  await page.keyboard.type(' and ');
  await page.keyboard.press('Control+i');
  await page.keyboard.type('you');
  await page.keyboard.press('Control+i');
  await page.keyboard.press('Enter');
  await pane.getByRole('button', { name: 'Bulleted list' }).click();
  await page.keyboard.type('first');
  await page.keyboard.press('Enter');
  await page.keyboard.type('second');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type('See the plan');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.press('Control+k');
  await pane.getByLabel('Link address').fill('example.test/plan');
  await pane.getByLabel('Link address').press('Enter');
  await expect(body).toBeFocused();
  await page.keyboard.press('Enter');
  await pane.getByRole('button', { name: 'Quote' }).click();
  await page.keyboard.type('A quoted line');
  await expect(pane.getByRole('button', { name: 'Quote' })).toHaveAttribute('aria-pressed', 'true');
  await page.screenshot({ path: 'docs/screenshots/compose-rich.png' });
  await pane.getByRole('button', { name: 'Send' }).click();

  await expect.poll(() => received('Formatted note'), { timeout: 20_000 }).not.toBeNull();
  const { raw, parsed } = (await received('Formatted note'))!;
  expect(raw).toMatch(/Content-Type: multipart\/alternative/i);
  expect(parsed.html).toContain('<p>Hello <strong>world</strong> and <em>you</em></p>');
  expect(parsed.html).toMatch(/<ul><li><p>first<\/p><\/li><li><p>second<\/p><\/li><\/ul>/);
  expect(parsed.html).toContain('<a href="https://example.test/plan">See the plan</a>');
  expect(parsed.html).toMatch(/<blockquote style="[^"]*border-left[^"]*"><p>A quoted line<\/p><\/blockquote>/);
  expect(parsed.text?.replace(/\r\n/g, '\n').trimEnd()).toBe('Hello world and you\n\n- first\n- second\n\nSee the plan <https://example.test/plan>\n\n> A quoted line');
});

test('a reply to an HTML message quotes its sanitized HTML, and loads nothing while composing', async ({ page }) => {
  await page.goto(world.host.url);
  await page.getByRole('option').filter({ hasText: 'Quarterly numbers' }).click();
  await expect(page.getByRole('article', { name: 'Message' })).toBeVisible();
  canary.reset();
  await page.keyboard.press('r');
  const pane = composer(page);
  const body = pane.getByRole('textbox', { name: 'Message' });
  await expect(body.locator('blockquote strong')).toHaveText('up');
  await expect(body.locator('blockquote li')).toHaveText(['Sales', 'Support']);
  await expect(body.locator('img')).toHaveCount(0);
  await expect(body).toBeFocused();
  await page.keyboard.type('Great news.');
  await page.waitForTimeout(1000);
  // Control: the page can reach the canary, so the silence above means something.
  await page.evaluate((origin) => void (new Image().src = `${origin}/control/ping.png`), canary.origin);
  await canary.waitFor('/control/ping.png');
  expect(canary.hits('/remote/', '/script/')).toEqual([]);

  await pane.getByRole('button', { name: 'Send' }).click();
  await expect.poll(() => received('Re: Quarterly numbers'), { timeout: 20_000 }).not.toBeNull();
  const { parsed } = (await received('Re: Quarterly numbers'))!;
  expect(parsed.html?.trim()).toMatch(/^<p>Great news\.<\/p><p>On .+, Max Mustermann &lt;max@example\.test&gt; wrote:<\/p><blockquote style="[^"]+"><p>The numbers are <strong>up<\/strong> this quarter\.<\/p><ul><li><p>Sales<\/p><\/li><li><p>Support<\/p><\/li><\/ul><\/blockquote>$/);
  expect(parsed.html).not.toMatch(/onerror|<img|<script|canary|127\.0\.0\.1/);
  expect(parsed.text?.replace(/\r\n/g, '\n').trimEnd()).toMatch(/^Great news\.\n\nOn .+, Max Mustermann <max@example\.test> wrote:\n\n> The numbers are up this quarter\.\n>\n> - Sales\n> - Support$/);
});
