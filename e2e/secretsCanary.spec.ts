/**
 * A canary password typed into the add-account form (once wrong, then right), with browser mode's engine in
 * verbose mode, then a sync and a message opened. Chromium runs with a profile folder of our own, so
 * afterwards every file it wrote (IndexedDB, session, preferences, caches) can be searched, together with
 * the engine's data folder and its log. A control string that is in the cache must be found in the profile
 * by the same search: a scanner that cannot see IndexedDB would otherwise pass.
 */
import { chromium, expect, test } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findIn, scanFolder, secretForms } from '../electron/testing/canaryScan';
import { plainMessage } from '../electron/testing/testMessages';
import config from '../playwright.config';
import { startMailWorld, type MailWorld } from './support/mailWorld';

const USER = 'canary@example.test';
const CANARY = 'Canary-E2E-4kP8';
const WRONG_CANARY = 'Wrong-E2E-Canary-2wQ6';
const CONTROL = 'ControlSubject7d3e';

let world: MailWorld;
let profileDir: string;

test.beforeAll(async () => {
  profileDir = await mkdtemp(join(tmpdir(), 'tern-e2e-profile-'));
  world = await startMailWorld({
    user: USER,
    password: CANARY,
    webArgs: ['--verbose'],
    seed: async (dovecot) => {
      await dovecot.saveMessage(USER, 'INBOX', plainMessage(1, { subject: CONTROL }));
      await dovecot.saveMessage(USER, 'INBOX', plainMessage(2, { subject: 'Second' }));
    },
  });
});

test.afterAll(async () => {
  await world?.stop();
  await rm(profileDir, { recursive: true, force: true });
});

test('the canary password is in no browser file, no log and no engine file but secrets.json', async () => {
  const context = await chromium.launchPersistentContext(profileDir, { ...config.use?.launchOptions, headless: true });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(world.host.url);
  await page.getByLabel('Your name').fill('Canary');
  await page.getByLabel('Email address').fill(USER);
  // A loopback server is nothing discovery could find: straight to the manual settings.
  await page.getByRole('button', { name: 'Set up manually' }).click();
  for (const kind of ['imap', 'smtp'] as const) {
    await page.locator(`#${kind}-host`).fill('127.0.0.1');
    await page.locator(`#${kind}-security`).selectOption('none');
    await page.locator(`#${kind}-port`).fill(String(kind === 'imap' ? world.dovecot.imapPort : world.relay.port));
  }
  await page.getByLabel('Password').fill(WRONG_CANARY);
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.locator('.check.failed').first()).toContainText('rejected the username or password');
  await page.getByLabel('Password').fill(CANARY);
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByRole('option').filter({ hasText: CONTROL }).click();
  await expect(page.getByRole('article', { name: 'Message' }).locator('.reader-body')).toHaveText('Body of message 1.');
  await page.reload();
  await expect(page.getByRole('option')).toHaveCount(2);
  // Closing the browser flushes IndexedDB and the session files to disk.
  await context.close();

  const forms = [...secretForms(CANARY, USER), ...secretForms(WRONG_CANARY, USER)];
  const profile = await scanFolder(profileDir, forms);
  const control = await scanFolder(profileDir, [{ name: 'control', bytes: Buffer.from(CONTROL) }]);
  expect(control.findings.some((finding) => /IndexedDB/.test(finding.where)), `control not found in IndexedDB; found in ${JSON.stringify(control.findings)}`).toBe(true);
  expect(profile.files).toBeGreaterThan(20);
  expect(profile.findings).toEqual([]);

  const logs = Buffer.from(world.host.output());
  expect(logs.toString()).toMatch(/imapflow debug: .*(AUTHENTICATE|LOGIN)/);
  expect(findIn('engine log', logs, forms)).toEqual([]);

  const data = await scanFolder(world.dataDir, forms);
  expect(data.findings).toEqual([{ where: 'secrets.json', form: 'plain' }]);
  test.info().annotations.push({ type: 'scanned', description: `${profile.files} profile files (${Math.round(profile.bytes / 1024)} KiB), ${data.files} data files, ${logs.length} log bytes` });
});
