/**
 * "Sign in with Google" as a person meets it, against local stubs: a provider stub plays Google (its
 * authorization page approves at once), browser mode is configured with the stub as Google's endpoints
 * (`--oauth-config`), and Dovecot accepts the bearer tokens through its oauth2 passdb. The provider's page
 * opens in a new tab, the tab lands on Tern's loopback address, and the account is added without a password.
 * Revoking Tern at the provider shows "sign in again"; signing in again from the settings brings it back.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startPrivateDovecot, type PrivateDovecot } from '../electron/demo/privateDovecot';
import { startSmtpRelay, type SmtpRelay } from '../electron/smtp/lmtpRelay';
import { introspect, startOAuthStub, type OAuthStub } from '../electron/testing/oauthProviderStub';
import { plainMessage } from '../electron/testing/testMessages';
import { startWebHostProcess, type WebHostProcess } from './support/webHostProcess';

const USER = 'alice.oauth@gmail.com';
let stub: OAuthStub;
let dovecot: PrivateDovecot;
let relay: SmtpRelay;
let host: WebHostProcess;
let dir: string;

test.beforeAll(async () => {
  stub = await startOAuthStub({ clientId: 'tern-e2e-client', users: [USER] });
  dir = await mkdtemp(join(tmpdir(), 'tern-e2e-oauth-'));
  await chmod(dir, 0o755);
  const conf = join(dir, 'dovecot-oauth2.conf.ext');
  await writeFile(conf, `introspection_mode = post\nintrospection_url = ${stub.endpoints.introspectUrl}\nusername_attribute = username\nactive_attribute = active\nactive_value = true\nforce_introspection = yes\n`, { mode: 0o644 });
  dovecot = await startPrivateDovecot({
    // A password exists only because the fixture needs one; Tern never learns it.
    users: [{ user: USER, password: 'never-typed-in-tern' }],
    extraConfig: `auth_mechanisms = xoauth2 oauthbearer plain login\npassdb {\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n  args = ${conf}\n}\n`,
  });
  await dovecot.saveMessage(USER, 'INBOX', plainMessage(1, { subject: 'Signed in with a token', from: 'Bob <bob@example.test>' }).replace('alice@example.test', USER));
  relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users: [{ user: USER, password: 'never-typed-in-tern' }], checkAccessToken: (token) => introspect(stub, token) });
  const oauthConfig = join(dir, 'oauth-clients.json');
  await writeFile(oauthConfig, JSON.stringify({ google: { clientId: 'tern-e2e-client', authorizeUrl: stub.endpoints.authorizeUrl, tokenUrl: stub.endpoints.tokenUrl, revokeUrl: stub.endpoints.revokeUrl } }));
  host = await startWebHostProcess(join(dir, 'data'), ['--oauth-config', oauthConfig]);
});

test.afterAll(async () => {
  await host?.stop();
  await relay?.close();
  await dovecot?.stop();
  await stub?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('add a Gmail account with “Sign in with Google”, then sign in again after revoking Tern', async ({ page, context }) => {
  await page.goto(host.url);
  await page.getByLabel('Your name').fill('Alice');
  await page.getByLabel('Email address').fill(USER);
  await page.getByRole('button', { name: 'Continue' }).click();
  const summary = page.getByLabel('Where these settings come from');
  await expect(summary).toContainText('Found Gmail in Tern’s list of mail providers');
  await expect(summary).toContainText('use “Sign in with Google” below');
  await expect(page.locator('#imap-host')).toHaveValue('imap.gmail.com');

  // The stub stands in for Gmail's servers: point the (editable) settings at it.
  for (const [kind, port] of [['imap', dovecot.imapPort], ['smtp', relay.port]] as const) {
    await page.locator(`#${kind}-host`).fill('127.0.0.1');
    await page.locator(`#${kind}-security`).selectOption('none');
    await page.locator(`#${kind}-port`).fill(String(port));
  }

  const providerTab = context.waitForEvent('page');
  await page.getByRole('button', { name: 'Sign in with Google' }).click();
  const tab = await providerTab;
  await expect(tab.locator('body')).toContainText('You are signed in. You can close this window');
  expect(new URL(tab.url()).hostname).toBe('127.0.0.1');
  await tab.close();
  await expect(page.getByText(`Signed in with Google as ${USER}.`)).toBeVisible();
  await expect(page.getByLabel('Password')).toHaveCount(0);
  await page.screenshot({ path: 'docs/screenshots/add-account-oauth.png' });

  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByRole('option').filter({ hasText: 'Signed in with a token' })).toBeVisible();
  expect(stub.requests).toEqual(expect.arrayContaining(['authorize', 'token:authorization_code', 'introspect']));

  // The user revokes Tern at the provider: the account says to sign in again instead of retrying forever.
  stub.revokeUser(USER);
  stub.expireAccessTokens();
  await dovecot.doveadm(['kick', USER]).catch(() => undefined);
  const tree = page.getByRole('tree', { name: 'Accounts and folders' });
  await expect(tree.getByRole('status')).toContainText('sign in again', { timeout: 30_000 });

  await tree.getByRole('button', { name: `Settings for ${USER}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Account settings' });
  await expect(dialog.getByLabel('New password')).toHaveCount(0);
  const again = context.waitForEvent('page');
  await dialog.getByRole('button', { name: 'Sign in again with Google' }).click();
  await (await again).close();
  await expect(dialog.getByText(`Signed in with Google as ${USER}.`)).toBeVisible();
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog.getByText('Saved. The account reconnected with these settings.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(tree.getByRole('status')).toHaveCount(0, { timeout: 30_000 });
});
