/**
 * Writing mail in the real UI, checked on the server with doveadm: a reply reaches Bob threaded under the
 * original, a copy is in Sent, the original is marked answered; Undo brings a message back; and a message
 * sent while the SMTP server is down waits in the outbox — across a page reload — and goes out exactly once
 * when the server is back on the same port.
 */
import { expect, test, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrivateDovecot, type PrivateDovecot } from '../electron/demo/privateDovecot';
import { startSmtpRelay, type SmtpRelay } from '../electron/smtp/lmtpRelay';
import { addAccountThroughUi } from '../electron/testing/addAccountThroughUi';
import { startWebHostProcess, type WebHostProcess } from './support/webHostProcess';

const HANA = { user: 'hana@example.test', password: 'compose-e2e-pw' };
const BOB = { user: 'bob@example.test', password: 'bob-e2e-pw' };
const USERS = [HANA, BOB];

let dovecot: PrivateDovecot;
let relay: SmtpRelay;
let host: WebHostProcess;
let dataDir: string;

const ORIGINAL = [
  'From: Bob <bob@example.test>',
  'To: Hana <hana@example.test>',
  'Subject: Lunch on Friday?',
  `Date: ${new Date(Date.now() - 3_600_000).toUTCString()}`,
  'Message-ID: <lunch-1@example.test>',
  'In-Reply-To: <root@example.test>',
  'References: <root@example.test>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Shall we meet at noon?',
  'The usual place.',
  '',
].join('\r\n');

/** UIDs in `mailbox` of the messages whose Subject contains `subject`. */
async function uidsWithSubject(user: string, mailbox: string, subject: string): Promise<string[]> {
  const out = await dovecot.doveadm(['search', '-u', user, 'mailbox', mailbox, 'header', 'Subject', subject]);
  return out.trim() ? out.trim().split('\n').map((line) => line.split(' ').at(-1)!) : [];
}

async function headerOf(user: string, mailbox: string, uid: string): Promise<string> {
  const out = await dovecot.doveadm(['fetch', '-u', user, 'hdr', 'mailbox', mailbox, 'uid', uid]);
  return out.replace(/^hdr:\s?/, '').replace(/\n[ \t]+/g, ' ');
}

async function flagsOf(user: string, mailbox: string, uid: string): Promise<string> {
  return dovecot.doveadm(['fetch', '-u', user, 'flags', 'mailbox', mailbox, 'uid', uid]);
}

const composer = (page: Page) => page.getByRole('region', { name: 'Compose message' });

test.beforeAll(async () => {
  dovecot = await startPrivateDovecot({ users: USERS });
  relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users: USERS });
  await dovecot.saveMessage(HANA.user, 'INBOX', ORIGINAL);
  dataDir = await mkdtemp(join(tmpdir(), 'tern-e2e-compose-'));
  host = await startWebHostProcess(dataDir, ['--poll-interval-ms', '1000']);
});

test.afterAll(async () => {
  await host?.stop();
  await relay?.close();
  await dovecot?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test('a reply reaches the sender threaded, is filed in Sent, and marks the original answered', async ({ page }) => {
  await page.goto(host.url);
  await addAccountThroughUi(page, { email: HANA.user, password: HANA.password, imapPort: dovecot.imapPort, smtpPort: relay.port });
  await page.getByRole('option').filter({ hasText: 'Lunch on Friday?' }).click();
  await expect(page.getByRole('article', { name: 'Message' })).toContainText('Shall we meet at noon?');

  await page.keyboard.press('r');
  const pane = composer(page);
  await expect(pane.getByLabel('To', { exact: true })).toHaveValue('Bob <bob@example.test>');
  await expect(pane.getByLabel('Subject', { exact: true })).toHaveValue('Re: Lunch on Friday?');
  const body = pane.getByRole('textbox', { name: 'Message' });
  await expect(body).toHaveValue(/wrote:\n> Shall we meet at noon\?\n> The usual place\.\n$/);
  await expect(body).toBeFocused();

  // A recipient that would go somewhere else than it reads is refused, with the reason under the field.
  await pane.getByRole('button', { name: 'Cc and Bcc' }).click();
  await pane.getByLabel('Cc', { exact: true }).fill('carol@example.test <mallory@evil.test>');
  await body.click();
  await expect(pane.getByRole('alert')).toContainText('looks like an address but the message would go to “mallory@evil.test”');
  await pane.getByLabel('Cc', { exact: true }).fill('');
  await body.press('Control+Home');
  await body.pressSequentially('Noon works for me.');
  await expect(pane.getByRole('alert')).toHaveCount(0);
  await page.screenshot({ path: 'docs/screenshots/compose.png' });

  await pane.getByRole('button', { name: 'Send' }).click();
  await expect(composer(page)).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Sending…' })).toBeVisible();

  await expect.poll(() => uidsWithSubject(BOB.user, 'INBOX', 'Re: Lunch on Friday?'), { timeout: 20_000 }).toHaveLength(1);
  const [bobUid] = await uidsWithSubject(BOB.user, 'INBOX', 'Re: Lunch on Friday?');
  const header = await headerOf(BOB.user, 'INBOX', bobUid!);
  expect(header).toMatch(/^From: Test User <hana@example\.test>$/m);
  expect(header).toMatch(/^To: Bob <bob@example\.test>$/m);
  expect(header).toMatch(/^In-Reply-To: <lunch-1@example\.test>$/m);
  expect(header).toMatch(/^References: <root@example\.test> <lunch-1@example\.test>$/m);
  const messageId = /^Message-ID: (<[^>]+>)$/m.exec(header)?.[1];
  expect(messageId).toMatch(/^<[0-9a-f]{32}\.tern@example\.test>$/);
  const text = await dovecot.doveadm(['fetch', '-u', BOB.user, 'body', 'mailbox', 'INBOX', 'uid', bobUid!]);
  expect(text).toContain('Noon works for me.');
  expect(text).toContain('> Shall we meet at noon?');

  await expect.poll(() => uidsWithSubject(HANA.user, 'Sent', 'Re: Lunch on Friday?')).toHaveLength(1);
  const [sentUid] = await uidsWithSubject(HANA.user, 'Sent', 'Re: Lunch on Friday?');
  expect(await headerOf(HANA.user, 'Sent', sentUid!)).toContain(`Message-ID: ${messageId}`);
  expect(await flagsOf(HANA.user, 'Sent', sentUid!)).toContain('\\Seen');
  const [originalUid] = await uidsWithSubject(HANA.user, 'INBOX', 'Lunch on Friday?');
  expect(await flagsOf(HANA.user, 'INBOX', originalUid!)).toContain('\\Answered');
  await expect(page.getByRole('toolbar', { name: 'Message actions' })).toContainText('Replied');
  await expect(page.getByRole('button', { name: /^Outbox/ })).toHaveCount(0);
});

test('Undo brings the message back into the composer, and nothing is sent', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByRole('option').first()).toBeVisible();
  await page.keyboard.press('c');
  const pane = composer(page);
  const subject = `Second thoughts ${randomUUID()}`;
  await pane.getByLabel('To', { exact: true }).fill('Bob <bob@example.test>');
  await pane.getByLabel('Subject', { exact: true }).fill(subject);
  await pane.getByRole('textbox', { name: 'Message' }).fill('On reflection…');
  await pane.getByRole('textbox', { name: 'Message' }).press('Control+Enter');
  const toast = page.getByRole('status').filter({ hasText: 'Sending…' });
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(composer(page).getByLabel('Subject', { exact: true })).toHaveValue(subject);
  await expect(composer(page).getByLabel('To', { exact: true })).toHaveValue('Bob <bob@example.test>');
  page.once('dialog', (dialog) => void dialog.accept());
  await composer(page).getByRole('button', { name: 'Discard' }).click();
  await page.waitForTimeout(6_500); // past the undo delay
  expect(await uidsWithSubject(BOB.user, 'INBOX', subject)).toEqual([]);
  await expect(page.getByRole('button', { name: /^Outbox/ })).toHaveCount(0);
});

test('a message sent while the SMTP server is down waits in the outbox, survives a reload, and goes out once', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto(host.url);
  await expect(page.getByRole('option').first()).toBeVisible();
  const port = relay.port;
  await relay.close();

  const subject = `While the relay was down ${randomUUID()}`;
  await page.getByRole('button', { name: 'Compose', exact: true }).click();
  const pane = composer(page);
  await pane.getByLabel('To', { exact: true }).fill('bob@example.test');
  await pane.getByLabel('Subject', { exact: true }).fill(subject);
  await pane.getByRole('textbox', { name: 'Message' }).fill('Sent from the train.');
  await pane.getByRole('button', { name: 'Send' }).click();

  const outbox = page.getByRole('button', { name: 'Outbox (1)' });
  await outbox.click();
  const panel = page.getByRole('dialog', { name: 'Outbox' });
  await expect(panel).toContainText(subject);
  await expect(panel).toContainText(/Waiting to send — Tern could not connect to the SMTP server 127\.0\.0\.1:\d+/, { timeout: 20_000 });

  // The window goes away and comes back while the server is still down: the message is still there.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Outbox (1)' })).toBeVisible();

  relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users: USERS, port });
  await expect.poll(() => uidsWithSubject(BOB.user, 'INBOX', subject), { timeout: 90_000, intervals: [1000] }).toHaveLength(1);
  await expect(page.getByRole('button', { name: /^Outbox/ })).toHaveCount(0);
  await page.waitForTimeout(3_000);
  expect(await uidsWithSubject(BOB.user, 'INBOX', subject)).toHaveLength(1);
  expect(await uidsWithSubject(HANA.user, 'Sent', subject)).toHaveLength(1);
});
