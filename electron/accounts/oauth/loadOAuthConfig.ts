/**
 * The OAuth2 clients Tern may use, from a JSON file (`{"google": {"clientId": "…", "clientSecret": "…"},
 * "microsoft": {"clientId": "…"}}`) and/or the environment (TERN_OAUTH_GOOGLE_CLIENT_ID,
 * TERN_OAUTH_GOOGLE_CLIENT_SECRET, TERN_OAUTH_MICROSOFT_CLIENT_ID). Whoever packages Tern registers its own
 * clients with Google and Microsoft; nothing is built in.
 */
import { readFileSync } from 'node:fs';
import { isOAuthProviderId, oauthProvider, type OAuthConfig, type OAuthProviderSettings } from './oauthProviders';

/** Read once at start (synchronously: the composition roots build the engine in one go). Throws on a bad file. */
export function loadOAuthConfig(file: string | null, env: NodeJS.ProcessEnv = process.env): OAuthConfig {
  const config: OAuthConfig = {};
  if (file) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') raw = {};
      else throw new Error(`The OAuth configuration ${file} could not be read: ${(error as Error).message}`, { cause: error });
    }
    for (const [id, settings] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
      if (!isOAuthProviderId(id) || typeof settings !== 'object' || settings === null) throw new Error(`${file}: unknown OAuth provider “${id}”.`);
      config[id] = settings as OAuthProviderSettings;
    }
  }
  for (const id of ['google', 'microsoft'] as const) {
    const clientId = env[`TERN_OAUTH_${id.toUpperCase()}_CLIENT_ID`];
    const clientSecret = env[`TERN_OAUTH_${id.toUpperCase()}_CLIENT_SECRET`];
    if (clientId) config[id] = { ...config[id], clientId, ...(clientSecret ? { clientSecret } : {}) };
  }
  // A bad endpoint is a configuration mistake worth failing on at start, not at the first sign-in.
  for (const id of ['google', 'microsoft'] as const) oauthProvider(id, config);
  return config;
}
