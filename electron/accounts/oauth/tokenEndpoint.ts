/**
 * The provider's token endpoint: exchanging a code (with its PKCE verifier), refreshing, revoking. Answers are
 * bounded in time and size; a refused refresh (`invalid_grant`) means the user has to sign in again.
 */
import { TernError } from '../../../shared/contract/errors';
import type { OAuthProvider } from './oauthProviders';

export interface TokenSet {
  accessToken: string;
  /** Some refreshes rotate it; null when the answer carried none (keep the previous one). */
  refreshToken: string | null;
  /** Epoch ms. */
  expiresAt: number;
}

const TIMEOUT_MS = 15_000;
const MAX_BYTES = 64 * 1024;

async function post(provider: OAuthProvider, url: string, params: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new URLSearchParams({ ...params, client_id: provider.clientId, ...(provider.clientSecret ? { client_secret: provider.clientSecret } : {}) });
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body: form, headers: { accept: 'application/json' }, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    throw new TernError('HOST_UNREACHABLE', `${provider.name}’s sign-in service could not be reached. Check that you are online and try again.`);
  }
  const text = await response.text();
  if (text.length > MAX_BYTES) throw new TernError('INTERNAL', `${provider.name}’s sign-in service sent an answer Tern could not read.`);
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON (a revoke endpoint may answer with nothing): the status says enough.
  }
  return { status: response.status, body };
}

function tokens(provider: OAuthProvider, status: number, body: Record<string, unknown>): TokenSet {
  if (status === 400 && body.error === 'invalid_grant') {
    throw new TernError('REAUTH_REQUIRED', `${provider.name} no longer accepts Tern’s sign-in (it expired or was revoked). Sign in again.`);
  }
  if (status !== 200 || typeof body.access_token !== 'string' || body.access_token === '') {
    throw new TernError('AUTH_FAILED', `${provider.name} refused the sign-in${typeof body.error === 'string' ? ` (${body.error.slice(0, 60)})` : ''}. Try again.`);
  }
  const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
  return { accessToken: body.access_token, refreshToken: typeof body.refresh_token === 'string' && body.refresh_token ? body.refresh_token : null, expiresAt: Date.now() + expiresIn * 1000 };
}

export async function exchangeCode(provider: OAuthProvider, code: string, verifier: string, redirectUri: string): Promise<TokenSet> {
  const { status, body } = await post(provider, provider.tokenUrl, { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri });
  return tokens(provider, status, body);
}

export async function refreshTokens(provider: OAuthProvider, refreshToken: string): Promise<TokenSet> {
  const { status, body } = await post(provider, provider.tokenUrl, { grant_type: 'refresh_token', refresh_token: refreshToken });
  return tokens(provider, status, body);
}

/** Best effort: a provider without a revoke endpoint (Microsoft) lets the token lapse instead. */
export async function revokeToken(provider: OAuthProvider, token: string): Promise<void> {
  if (!provider.revokeUrl) return;
  await post(provider, provider.revokeUrl, { token }).catch(() => undefined);
}
