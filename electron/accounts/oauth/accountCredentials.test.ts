import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountSummary } from '../../../shared/contract/accounts';
import { createLogger, type Logger } from '../../services/logger';
import { FileSecretStore } from '../../store/fileSecretStore';
import { startOAuthStub, type OAuthStub } from '../../testing/oauthProviderStub';
import { AccountCredentials } from './accountCredentials';
import type { OAuthConfig } from './oauthProviders';

const account = (oauth: boolean): AccountSummary => ({
  id: 'acc-1',
  displayName: 'A',
  email: 'a@example.test',
  imap: { host: 'imap.example.test', port: 993, security: 'tls', username: 'a@example.test' },
  smtp: { host: 'smtp.example.test', port: 465, security: 'tls', username: 'a@example.test' },
  identities: [],
  oauth2: oauth ? { provider: 'google' } : null,
});

let stub: OAuthStub;
let dir: string;
let secrets: FileSecretStore;
let credentials: AccountCredentials;
let log: Logger;
const logLines: string[] = [];

beforeEach(async () => {
  stub = await startOAuthStub({ clientId: 'c', users: ['a@example.test'] });
  dir = await mkdtemp(join(tmpdir(), 'tern-credentials-'));
  secrets = new FileSecretStore(dir);
  const config: OAuthConfig = { google: { clientId: 'c', tokenUrl: stub.endpoints.tokenUrl, revokeUrl: stub.endpoints.revokeUrl } };
  log = createLogger((line) => logLines.push(line));
  credentials = new AccountCredentials(secrets, config, log);
});

afterEach(async () => {
  await stub.close();
  await rm(dir, { recursive: true, force: true });
});

/** A real refresh token from the stub, by the code flow (as the sign-in would get it). */
async function grant(): Promise<string> {
  const verifier = 'v'.repeat(43);
  const { createHash } = await import('node:crypto');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirect = 'http://127.0.0.1:9/cb';
  const authorize = await fetch(`${stub.endpoints.authorizeUrl}?${new URLSearchParams({ client_id: 'c', redirect_uri: redirect, response_type: 'code', code_challenge: challenge, code_challenge_method: 'S256', login_hint: 'a@example.test', state: 's' })}`, { redirect: 'manual' });
  const code = new URL(authorize.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const token = await fetch(stub.endpoints.tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'c', code, code_verifier: verifier, redirect_uri: redirect }) });
  return ((await token.json()) as { refresh_token: string }).refresh_token;
}

describe('AccountCredentials', () => {
  it('uses a stored access token while it has time left, and refreshes it shortly before it expires', async () => {
    const refreshToken = await grant();
    await credentials.saveTokens('acc-1', 'google', { accessToken: 'still-good', refreshToken, expiresAt: Date.now() + 30 * 60_000 });
    expect(await credentials.secretFor(account(true))).toEqual({ accessToken: 'still-good' });
    expect(stub.requests.filter((r) => r === 'token:refresh_token')).toHaveLength(0);

    await credentials.saveTokens('acc-1', 'google', { accessToken: 'about-to-expire', refreshToken, expiresAt: Date.now() + 30_000 });
    const fresh = await credentials.secretFor(account(true));
    expect(fresh).toEqual({ accessToken: expect.stringMatching(/^at-/) });
    // The new token is stored: the next call needs no refresh.
    expect(await credentials.secretFor(account(true))).toEqual(fresh);
    expect(stub.requests.filter((r) => r === 'token:refresh_token')).toHaveLength(1);
  });

  it('shares one refresh between connections asking at once', async () => {
    const refreshToken = await grant();
    await credentials.saveTokens('acc-1', 'google', { accessToken: 'old', refreshToken, expiresAt: 0 });
    const all = await Promise.all([1, 2, 3].map(() => credentials.secretFor(account(true), true)));
    expect(new Set(all.map((secret) => JSON.stringify(secret))).size).toBe(1);
    expect(stub.requests.filter((r) => r === 'token:refresh_token')).toHaveLength(1);
  });

  it('asks the user to sign in again when the refresh token was revoked', async () => {
    const refreshToken = await grant();
    await credentials.saveTokens('acc-1', 'google', { accessToken: 'old', refreshToken, expiresAt: 0 });
    stub.revokeUser('a@example.test');
    await expect(credentials.secretFor(account(true))).rejects.toMatchObject({ code: 'REAUTH_REQUIRED', message: expect.stringMatching(/sign in again/) });
  });

  it('keeps passwords for password accounts, and redacts tokens from the log', async () => {
    await secrets.set('acc-1', 'pw-123456');
    expect(await credentials.secretFor(account(false))).toBe('pw-123456');
    const refreshToken = await grant();
    await credentials.saveTokens('acc-1', 'google', { accessToken: 'at-secret-value', refreshToken, expiresAt: Date.now() + 3_600_000 });
    logLines.length = 0;
    // Any later line that happens to carry a token is masked: the credentials registered them with the logger.
    log.info(`oops ${refreshToken} at-secret-value`);
    expect(logLines.join('\n')).not.toContain(refreshToken);
    expect(logLines.join('\n')).not.toContain('at-secret-value');
  });
});
