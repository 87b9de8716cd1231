/**
 * OAuth2 for real, end to end: a provider stub on loopback (authorize with PKCE, token, refresh, revoke,
 * introspection), a Dovecot whose `oauth2` passdb asks the stub about every bearer token, and an SMTP relay
 * that checks XOAUTH2 the same way. Sign in → IMAP and SMTP with the token → refresh when the server refuses
 * an expired one → "sign in again" once the user revoked Tern → sign in again → remove (revokes).
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInput } from '../../../shared/contract/accounts';
import { startPrivateDovecot, type PrivateDovecot } from '../../demo/privateDovecot';
import { startSmtpRelay, type SmtpRelay } from '../../smtp/lmtpRelay';
import { startEngineHarness, type EngineHarness } from '../../testing/engineHarness';
import { introspect, startOAuthStub, type OAuthStub } from '../../testing/oauthProviderStub';

const ALICE = { user: 'alice@example.test', password: 'not-used-with-oauth' };
let stub: OAuthStub;
let dovecot: PrivateDovecot;
let relay: SmtpRelay;
let harness: EngineHarness;
let confDir: string;
let accountId: string;

beforeAll(async () => {
  stub = await startOAuthStub({ clientId: 'tern-test-client', users: [ALICE.user] });
  confDir = await mkdtemp(join(tmpdir(), 'tern-oauth-conf-'));
  await chmod(confDir, 0o755);
  const conf = join(confDir, 'dovecot-oauth2.conf.ext');
  await writeFile(conf, [
    'introspection_mode = post',
    `introspection_url = ${stub.endpoints.introspectUrl}`,
    'username_attribute = username',
    'active_attribute = active',
    'active_value = true',
    'force_introspection = yes',
    '',
  ].join('\n'), { mode: 0o644 });
  dovecot = await startPrivateDovecot({
    users: [ALICE],
    extraConfig: `auth_mechanisms = xoauth2 oauthbearer plain login\npassdb {\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n  args = ${conf}\n}\n`,
  });
  relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users: [ALICE], checkAccessToken: (token) => introspect(stub, token) });
  harness = await startEngineHarness({ oauth: { google: { clientId: 'tern-test-client', authorizeUrl: stub.endpoints.authorizeUrl, tokenUrl: stub.endpoints.tokenUrl, revokeUrl: stub.endpoints.revokeUrl } } });
});

afterAll(async () => {
  await harness?.close();
  await relay?.close();
  await dovecot?.stop();
  await stub?.close();
  if (confDir) await rm(confDir, { recursive: true, force: true });
});

/** What the system browser does: follow the provider's redirect back to Tern's loopback listener. */
async function actAsBrowser(authorizeUrl: string): Promise<string> {
  const approved = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(approved.status).toBe(302);
  const back = await fetch(approved.headers.get('location') ?? '');
  return back.text();
}

async function signIn(): Promise<string> {
  const { flowId, authorizeUrl } = await harness.client.api.startOAuthSignIn({ provider: 'google', email: ALICE.user });
  const finished = harness.client.api.finishOAuthSignIn({ flowId });
  expect(await actAsBrowser(authorizeUrl)).toContain('You are signed in');
  await finished;
  return flowId;
}

function settings(oauthFlowId: string): AccountInput {
  return {
    displayName: 'Alice',
    email: ALICE.user,
    password: '',
    oauthFlowId,
    imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none', username: ALICE.user },
    smtp: { host: '127.0.0.1', port: relay.port, security: 'none', username: ALICE.user },
  };
}

const secrets = async () => JSON.parse(await readFile(join(harness.dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
const send = (subject: string) =>
  harness.client.api.sendMessage({ accountId, message: { messageId: `<${subject.replace(/\W/g, '')}@example.test>`, date: Date.now(), to: [{ name: '', address: ALICE.user }], cc: [], bcc: [], subject, text: 'Hi', attachments: [], original: null } });

describe('OAuth2 sign-in, against a provider stub and Dovecot’s oauth2 passdb', () => {
  it('offers only the providers that have a client id', async () => {
    expect((await harness.client.api.getHostInfo({})).oauthProviders).toEqual(['google']);
    await expect(harness.client.api.startOAuthSignIn({ provider: 'microsoft', email: ALICE.user })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('builds an authorization request with PKCE S256, state, and a loopback redirect', async () => {
    const { authorizeUrl } = await harness.client.api.startOAuthSignIn({ provider: 'google', email: ALICE.user });
    const url = new URL(authorizeUrl);
    expect(url.origin + url.pathname).toBe(stub.endpoints.authorizeUrl);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth2\/callback$/);
    expect(url.searchParams.get('login_hint')).toBe(ALICE.user);
  });

  it('ignores a redirect whose state does not match', async () => {
    const { flowId, authorizeUrl } = await harness.client.api.startOAuthSignIn({ provider: 'google', email: ALICE.user });
    const finished = harness.client.api.finishOAuthSignIn({ flowId }).catch((error: unknown) => error);
    const forged = new URL(new URL(authorizeUrl).searchParams.get('redirect_uri') ?? '');
    forged.searchParams.set('code', 'code-from-an-attacker');
    forged.searchParams.set('state', 'not-the-state');
    await fetch(forged);
    expect(await finished).toMatchObject({ code: 'AUTH_FAILED' });
  });

  it('signs in, tests and adds the account: IMAP and SMTP log in with the token, which stays in main', async () => {
    const flowId = await signIn();
    const check = await harness.client.api.testAccount(settings(flowId));
    expect(check.imap).toMatchObject({ ok: true });
    expect(check.smtp).toMatchObject({ ok: true });
    const account = await harness.client.api.addAccount(settings(flowId));
    accountId = account.id;
    expect(account.oauth2).toEqual({ provider: 'google' });
    expect(JSON.stringify(account)).not.toMatch(/at-|rt-/);

    const stored = await secrets();
    expect(Object.keys(stored)).toEqual([`${accountId}#oauth2`]);
    const tokens = JSON.parse(stored[`${accountId}#oauth2`]!) as { accessToken: string; refreshToken: string };
    expect(tokens.refreshToken).toMatch(/^rt-/);
    expect((await harness.client.api.listMailboxes({ accountId })).map((box) => box.path)).toContain('INBOX');
    expect(stub.requests).toContain('introspect');
    expect((await send('Sent with a token')).status).toBe('sent');
    // The flow id was used up by adding the account.
    await expect(harness.client.api.addAccount(settings(flowId))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const log = harness.logLines.join('\n');
    expect(log).not.toContain(tokens.accessToken);
    expect(log).not.toContain(tokens.refreshToken);
  });

  it('refreshes the token when a server refuses it, for IMAP and for SMTP', async () => {
    const refreshesBefore = stub.requests.filter((r) => r === 'token:refresh_token').length;
    stub.expireAccessTokens();
    // The stub refuses the expired token, so this send can only succeed through a refresh. (An IMAP connection
    // reopening at the same moment may refresh too, hence "at least".)
    expect((await send('Sent after a refresh')).status).toBe('sent');
    expect(stub.requests.filter((r) => r === 'token:refresh_token').length).toBeGreaterThanOrEqual(refreshesBefore + 1);

    stub.expireAccessTokens();
    await dovecot.doveadm(['kick', ALICE.user]).catch(() => undefined);
    // doveadm kick returns before the IMAP processes have gone, so a first LIST can still be answered by the old
    // session: wait until the account lists again over a connection that had to refresh the token to log in.
    await expect.poll(async () => {
      const listed = await harness.client.api.listMailboxes({ accountId }).then(() => 'ok', (error: { code: string }) => error.code);
      const refreshed = stub.requests.filter((r) => r === 'token:refresh_token').length >= refreshesBefore + 2;
      return `${listed}, ${refreshed ? 'refreshed' : 'not refreshed'}`;
    }, { timeout: 10_000 }).toBe('ok, refreshed');
  });

  it('says “sign in again” once the user revoked Tern, and signing in again brings the account back', async () => {
    stub.revokeUser(ALICE.user);
    stub.expireAccessTokens();
    await dovecot.doveadm(['kick', ALICE.user]).catch(() => undefined);
    await expect.poll(async () => harness.client.api.listMailboxes({ accountId }).then(() => 'ok', (error: { code: string }) => error.code), { timeout: 10_000 }).toBe('REAUTH_REQUIRED');
    const sent = await send('Not sent while revoked');
    expect(sent).toMatchObject({ status: 'refused', code: 'AUTH_FAILED' });
    expect(sent.status === 'refused' && sent.reason).toMatch(/sign in again/i);

    const flowId = await signIn();
    const { password: _unused, ...rest } = settings(flowId);
    void _unused;
    await harness.client.api.updateAccount({ ...rest, accountId, password: null });
    expect((await harness.client.api.listMailboxes({ accountId })).map((box) => box.path)).toContain('INBOX');
  });

  it('removing the account revokes its refresh token and forgets the tokens', async () => {
    const revokesBefore = stub.requests.filter((r) => r === 'revoke').length;
    await harness.client.api.removeAccount({ accountId });
    expect(stub.requests.filter((r) => r === 'revoke').length).toBe(revokesBefore + 1);
    expect(await secrets()).toEqual({});
  });
});
