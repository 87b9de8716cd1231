/**
 * Where each OAuth2 provider signs people in, and with which client id. Client ids are configuration (a file
 * or the environment, see loadOAuthConfig.ts), never constants in the code: without one, the provider's
 * sign-in is simply not offered. Endpoints default to the providers' own and may be replaced only by other
 * HTTPS URLs, or loopback ones (the test suite's provider stub).
 */
import type { OAuthProviderId } from '../../../shared/contract/discovery';
import { TernError } from '../../../shared/contract/errors';
import { isLoopbackHost } from '../../../shared/domain/accountValidation';

export interface OAuthProvider {
  id: OAuthProviderId;
  name: string;
  clientId: string;
  /** Google's installed-app clients come with a "secret" that cannot be kept secret (RFC 8252 §8.5); sent when configured. */
  clientSecret: string | null;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string | null;
  scopes: string[];
  /** Extra authorization parameters, e.g. Google's access_type=offline to get a refresh token. */
  extraParams: Record<string, string>;
}

export type OAuthProviderSettings = Partial<Omit<OAuthProvider, 'id' | 'name'>> & { clientId: string };
export type OAuthConfig = Partial<Record<OAuthProviderId, OAuthProviderSettings>>;

const DEFAULTS: Record<OAuthProviderId, Omit<OAuthProvider, 'clientId' | 'clientSecret'>> = {
  google: {
    id: 'google',
    name: 'Google',
    authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    revokeUrl: 'https://oauth2.googleapis.com/revoke',
    scopes: ['https://mail.google.com/'],
    extraParams: { access_type: 'offline', prompt: 'consent' },
  },
  microsoft: {
    id: 'microsoft',
    name: 'Microsoft',
    authorizeUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    revokeUrl: null,
    scopes: ['https://outlook.office.com/IMAP.AccessAsUser.All', 'https://outlook.office.com/SMTP.Send', 'offline_access'],
    extraParams: {},
  },
};

export const OAUTH_PROVIDER_IDS = Object.keys(DEFAULTS) as OAuthProviderId[];

export function isOAuthProviderId(value: unknown): value is OAuthProviderId {
  return typeof value === 'string' && (OAUTH_PROVIDER_IDS as string[]).includes(value);
}

/** An endpoint must be HTTPS, or plain HTTP only on this computer. */
export function checkEndpoint(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed || !(parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)))) {
    throw new TernError('INVALID_INPUT', `OAuth endpoint ${url} must use HTTPS.`);
  }
  return url;
}

/** The provider with its configured client, or null when no client id is configured for it. */
export function oauthProvider(id: OAuthProviderId, config: OAuthConfig): OAuthProvider | null {
  const settings = config[id];
  if (!settings?.clientId) return null;
  const base = DEFAULTS[id];
  const provider: OAuthProvider = { ...base, ...settings, id, name: base.name, clientSecret: settings.clientSecret ?? null };
  checkEndpoint(provider.authorizeUrl);
  checkEndpoint(provider.tokenUrl);
  if (provider.revokeUrl) checkEndpoint(provider.revokeUrl);
  return provider;
}

export function configuredProviders(config: OAuthConfig): OAuthProviderId[] {
  return OAUTH_PROVIDER_IDS.filter((id) => oauthProvider(id, config) !== null);
}
