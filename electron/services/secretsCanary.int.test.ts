/**
 * A canary password through everything the engine does with one, with verbose logging on: the connection
 * test (IMAP and SMTP), a rejected login, push and polling, folder list, sync, a body, sending (SMTP AUTH and
 * the copy in Sent). Afterwards the canary is looked for in every file of the data folder and every log line,
 * in every form it could take (electron/testing/canaryScan.ts). The one place it may be is the password store
 * of browser mode (secrets.json, mode 0600, documented); with the desktop store it must be nowhere at all.
 * The E2E twin (e2e/secretsCanary.spec.ts) does the same through the UI and scans the browser profile.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateDovecot, type PrivateDovecot } from '../demo/privateDovecot';
import { FakeSafeStorage } from '../main/testing/fakeElectron';
import { startSmtpRelay } from '../smtp/lmtpRelay';
import { SafeStorageSecretStore } from '../store/safeStorageSecretStore';
import { findIn, scanFolder, secretForms } from '../testing/canaryScan';
import { startEngineHarness, type EngineHarness, type EngineHarnessOptions } from '../testing/engineHarness';
import { plainMessage } from '../testing/testMessages';

const USER = 'canary@example.test';
const CANARY = 'Canary-7Hq2-secret';
const WRONG_CANARY = 'Wrong-Canary-9Zx4';

let dovecot: PrivateDovecot;
let relay: { port: number; close(): Promise<void> };

beforeAll(async () => {
  dovecot = await startPrivateDovecot({ users: [{ user: USER, password: CANARY }] });
  relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users: [{ user: USER, password: CANARY }] });
  for (let i = 1; i <= 5; i++) await dovecot.saveMessage(USER, 'INBOX', plainMessage(i));
});

afterAll(async () => {
  await relay?.close();
  await dovecot?.stop();
});

/** Everything a user does with an account, so every path that handles the password runs at least once. */
async function exercise(harness: EngineHarness): Promise<void> {
  const rejected = await harness.client.api.testAccount({
    displayName: 'C',
    email: USER,
    password: WRONG_CANARY,
    imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none', username: USER },
    smtp: { host: '127.0.0.1', port: relay.port, security: 'none', username: USER },
  });
  expect(rejected.imap).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
  const accountId = await harness.addAccount({ dovecot, smtpPort: relay.port, user: USER, password: CANARY });
  await harness.waitForEvent('accountStatusChanged', (status) => status.accountId === accountId && status.state === 'online');
  await harness.client.api.listMailboxes({ accountId });
  await harness.sync(accountId, 'INBOX');
  const cursor = harness.mirror.cursor(accountId, 'INBOX');
  await harness.client.api.fetchMessage({ accountId, path: 'INBOX', uid: 1, uidValidity: cursor?.uidValidity ?? '' });
  const sent = await harness.client.api.sendMessage({
    accountId,
    message: { messageId: '<canary-1@example.test>', date: Date.now(), to: [{ name: '', address: USER }], cc: [], bcc: [], subject: 'canary', text: 'hello', attachments: [], original: null },
  });
  expect(sent).toMatchObject({ status: 'sent' });
  // One more round of polling, after everything else.
  await harness.client.api.reconnectAccounts({});
  await harness.waitForEvent('accountStatusChanged', (status) => status.accountId === accountId && status.state === 'online', 5000, Date.now());
}

async function runWith(options: EngineHarnessOptions) {
  const harness = await startEngineHarness({ ...options, verbose: true, pollIntervalMs: 300 });
  try {
    await exercise(harness);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const dataDir = harness.dataDir;
    const logs = Buffer.from(harness.logLines.join('\n'));
    // Before close(), which deletes the data folder.
    const scan = await scanFolder(dataDir, [...secretForms(CANARY, USER), ...secretForms(WRONG_CANARY, USER)]);
    const secretsMode = await stat(join(dataDir, 'secrets.json')).then((info) => info.mode & 0o777);
    const accounts = await readFile(join(dataDir, 'accounts.json'), 'utf8');
    return { harness, logs, scan, secretsMode, accounts };
  } catch (error) {
    await harness.close();
    throw error;
  }
}

describe('a canary password, with verbose logging on', () => {
  it('browser mode: only in secrets.json (0600); in no log line and no other file', async () => {
    const { harness, logs, scan, secretsMode, accounts } = await runWith({});
    try {
      // Controls: the logs are verbose and really contain the protocol exchange; the scanner finds what is there.
      const text = logs.toString();
      expect(text).toMatch(/imapflow debug: .*AUTHENTICATE|imapflow debug: .*LOGIN/);
      expect(text).toMatch(/nodemailer .*AUTH/);
      expect(text).toContain(USER);
      expect(accounts).toContain(USER);
      expect(findIn('logs', logs, [...secretForms(CANARY, USER), ...secretForms(WRONG_CANARY, USER)])).toEqual([]);
      expect(scan.findings).toEqual([{ where: 'secrets.json', form: 'plain' }]);
      expect(secretsMode).toBe(0o600);
    } finally {
      await harness.close();
    }
  });

  it('desktop store (safeStorage): nowhere at all', async () => {
    const { harness, logs, scan } = await runWith({ secrets: (dataDir) => new SafeStorageSecretStore(dataDir, new FakeSafeStorage(), 'linux') });
    try {
      expect(logs.length).toBeGreaterThan(10_000);
      expect(findIn('logs', logs, [...secretForms(CANARY, USER), ...secretForms(WRONG_CANARY, USER)])).toEqual([]);
      expect(scan.files).toBeGreaterThanOrEqual(3);
      expect(scan.findings).toEqual([]);
    } finally {
      await harness.close();
    }
  });
});
