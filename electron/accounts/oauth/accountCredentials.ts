/**
 * What an account signs in with: its password, or an OAuth2 access token refreshed before it expires (and on
 * demand after a server refused it). Tokens live in the secret store beside the passwords, never in the
 * renderer; one refresh at a time per account, so connections opening together share it.
 */
import type { AccountSummary } from '../../../shared/contract/accounts';
import type { OAuthProviderId } from '../../../shared/contract/discovery';
import { TernError } from '../../../shared/contract/errors';
import type { Logger } from '../../services/logger';
import type { SecretStore, SignInSecret } from '../../store/secretStore';
import { oauthProvider, type OAuthConfig } from './oauthProviders';
import { refreshTokens, revokeToken, type TokenSet } from './tokenEndpoint';

interface StoredTokens {
  provider: OAuthProviderId;
  refreshToken: string;
  accessToken: string;
  expiresAt: number;
}

/** Refresh this long before the announced expiry, so a connection never starts with a token about to lapse. */
const REFRESH_MARGIN_MS = 2 * 60_000;

const tokenKey = (accountId: string) => `${accountId}#oauth2`;

export class AccountCredentials {
  private readonly refreshing = new Map<string, Promise<string>>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly config: OAuthConfig,
    private readonly log: Logger,
  ) {}

  /** The secret to sign in with now; `fresh` forces a new access token (the server just refused the last one). */
  async secretFor(account: AccountSummary, fresh = false): Promise<SignInSecret> {
    if (!account.oauth2) {
      const password = await this.secrets.get(account.id);
      if (password === null) throw new TernError('AUTH_FAILED', `No password is stored for ${account.email}. Enter it in the account’s settings.`);
      this.log.addSecret(password);
      return password;
    }
    const stored = await this.read(account);
    if (!fresh && stored.expiresAt - REFRESH_MARGIN_MS > Date.now()) return { accessToken: stored.accessToken };
    return { accessToken: await this.refresh(account) };
  }

  async saveTokens(accountId: string, provider: OAuthProviderId, tokens: TokenSet): Promise<void> {
    if (!tokens.refreshToken) throw new TernError('AUTH_FAILED', 'The sign-in gave no lasting token. Sign in again.');
    this.log.addSecret(tokens.accessToken);
    this.log.addSecret(tokens.refreshToken);
    const stored: StoredTokens = { provider, refreshToken: tokens.refreshToken, accessToken: tokens.accessToken, expiresAt: tokens.expiresAt };
    await this.secrets.set(tokenKey(accountId), JSON.stringify(stored));
  }

  /** Forgets the account's password and tokens, revoking the refresh token with the provider (best effort). */
  async forget(account: AccountSummary): Promise<void> {
    const raw = await this.secrets.get(tokenKey(account.id));
    await this.secrets.delete(tokenKey(account.id));
    await this.secrets.delete(account.id);
    if (raw && account.oauth2) {
      const provider = oauthProvider(account.oauth2.provider, this.config);
      const stored = parse(raw);
      if (provider && stored) await revokeToken(provider, stored.refreshToken);
    }
  }

  private async read(account: AccountSummary): Promise<StoredTokens> {
    const stored = parse(await this.secrets.get(tokenKey(account.id)));
    if (!stored) throw new TernError('REAUTH_REQUIRED', `Tern has no sign-in for ${account.email}. Open the account’s settings and sign in again.`);
    this.log.addSecret(stored.accessToken);
    this.log.addSecret(stored.refreshToken);
    return stored;
  }

  private refresh(account: AccountSummary): Promise<string> {
    const running = this.refreshing.get(account.id);
    if (running) return running;
    const job = (async () => {
      const stored = await this.read(account);
      const provider = oauthProvider(stored.provider, this.config);
      if (!provider) throw new TernError('REAUTH_REQUIRED', `Signing in with ${stored.provider} is no longer set up in this copy of Tern.`);
      try {
        const tokens = await refreshTokens(provider, stored.refreshToken);
        await this.saveTokens(account.id, stored.provider, { ...tokens, refreshToken: tokens.refreshToken ?? stored.refreshToken });
        this.log.info('access token refreshed', { accountId: account.id });
        return tokens.accessToken;
      } catch (error) {
        if (error instanceof TernError && error.code === 'REAUTH_REQUIRED') {
          this.log.warn('refresh refused: sign in again', { accountId: account.id });
          throw new TernError('REAUTH_REQUIRED', `${provider.name} no longer accepts Tern’s sign-in for ${account.email} (it expired or was revoked). Open the account’s settings and sign in again.`);
        }
        throw error;
      }
    })().finally(() => this.refreshing.delete(account.id));
    this.refreshing.set(account.id, job);
    return job;
  }
}

function parse(raw: string | null): StoredTokens | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<StoredTokens>;
    return typeof value.refreshToken === 'string' && typeof value.accessToken === 'string' && typeof value.expiresAt === 'number' && typeof value.provider === 'string'
      ? (value as StoredTokens)
      : null;
  } catch {
    return null;
  }
}
