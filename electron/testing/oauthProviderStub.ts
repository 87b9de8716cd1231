/**
 * An OAuth2 provider on loopback for tests, strict where a real one is: the authorization endpoint checks the
 * client id, a loopback redirect URI and a PKCE S256 challenge, and approves at once the user named in
 * `login_hint` (no login page); the token endpoint checks the code verifier and the redirect URI, issues
 * short-lived access tokens and a refresh token, and refreshes; revocation kills a refresh token and every
 * access token it issued; introspection answers Dovecot's `oauth2` passdb (handbook oauth2-and-cyrus.md).
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OAuthStubOptions {
  clientId: string;
  /** Users who may sign in (the `login_hint` of the authorization request). */
  users: string[];
  /** Lifetime of access tokens, in seconds (default 3600). */
  accessTokenTtlSec?: number;
}

export interface OAuthStub {
  baseUrl: string;
  endpoints: { authorizeUrl: string; tokenUrl: string; revokeUrl: string; introspectUrl: string };
  /** What each endpoint was asked, in order (e.g. `token:refresh_token`). */
  requests: string[];
  /** Makes every access token issued so far invalid, as if it had expired. */
  expireAccessTokens(): void;
  /** Revokes every refresh token of a user, as a user does from their provider's security page. */
  revokeUser(user: string): void;
  close(): Promise<void>;
}

interface Grant {
  user: string;
  refreshToken: string;
  revoked: boolean;
}

const b64url = (bytes: Buffer) => bytes.toString('base64url');

export async function startOAuthStub(options: OAuthStubOptions): Promise<OAuthStub> {
  const ttl = options.accessTokenTtlSec ?? 3600;
  const codes = new Map<string, { user: string; challenge: string; redirectUri: string }>();
  const grants = new Map<string, Grant>();
  const accessTokens = new Map<string, { grant: Grant; expiresAt: number }>();
  const requests: string[] = [];

  const issueAccess = (grant: Grant) => {
    const token = `at-${b64url(randomBytes(18))}`;
    accessTokens.set(token, { grant, expiresAt: Date.now() + ttl * 1000 });
    return token;
  };
  const liveAccess = (token: string) => {
    const entry = accessTokens.get(token);
    return entry && !entry.grant.revoked && entry.expiresAt > Date.now() ? entry : null;
  };

  const json = (response: http.ServerResponse, status: number, body: object) => {
    response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  };
  const readForm = (request: http.IncomingMessage) =>
    new Promise<URLSearchParams>((resolve, reject) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => resolve(new URLSearchParams(body)));
      request.on('error', reject);
    });

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    void (async () => {
      switch (`${request.method} ${url.pathname}`) {
        case 'GET /authorize': {
          requests.push('authorize');
          const q = url.searchParams;
          const redirectUri = q.get('redirect_uri') ?? '';
          const redirect = URL.canParse(redirectUri) ? new URL(redirectUri) : null;
          const user = q.get('login_hint') ?? '';
          const problem =
            q.get('client_id') !== options.clientId ? 'unknown client'
            : !redirect || redirect.protocol !== 'http:' || redirect.hostname !== '127.0.0.1' ? 'redirect_uri must be a loopback address'
            : q.get('response_type') !== 'code' ? 'response_type must be code'
            : q.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(q.get('code_challenge') ?? '') ? 'PKCE S256 required'
            : !options.users.includes(user) ? 'unknown user'
            : null;
          if (problem || !redirect) return void response.writeHead(400).end(problem ?? 'bad request');
          const code = `code-${b64url(randomBytes(12))}`;
          codes.set(code, { user, challenge: q.get('code_challenge') ?? '', redirectUri });
          redirect.searchParams.set('code', code);
          redirect.searchParams.set('state', q.get('state') ?? '');
          return void response.writeHead(302, { location: redirect.toString() }).end();
        }
        case 'POST /token': {
          const form = await readForm(request);
          const grantType = form.get('grant_type') ?? '';
          requests.push(`token:${grantType}`);
          if (form.get('client_id') !== options.clientId) return json(response, 401, { error: 'invalid_client' });
          if (grantType === 'authorization_code') {
            const pending = codes.get(form.get('code') ?? '');
            codes.delete(form.get('code') ?? '');
            const verifier = form.get('code_verifier') ?? '';
            const challenge = b64url(createHash('sha256').update(verifier).digest());
            if (!pending || pending.challenge !== challenge || pending.redirectUri !== form.get('redirect_uri')) return json(response, 400, { error: 'invalid_grant' });
            const grant: Grant = { user: pending.user, refreshToken: `rt-${b64url(randomBytes(18))}`, revoked: false };
            grants.set(grant.refreshToken, grant);
            return json(response, 200, { access_token: issueAccess(grant), refresh_token: grant.refreshToken, expires_in: ttl, token_type: 'Bearer', scope: 'mail' });
          }
          if (grantType === 'refresh_token') {
            const grant = grants.get(form.get('refresh_token') ?? '');
            if (!grant || grant.revoked) return json(response, 400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
            return json(response, 200, { access_token: issueAccess(grant), expires_in: ttl, token_type: 'Bearer' });
          }
          return json(response, 400, { error: 'unsupported_grant_type' });
        }
        case 'POST /revoke': {
          requests.push('revoke');
          const token = (await readForm(request)).get('token') ?? '';
          const grant = grants.get(token) ?? accessTokens.get(token)?.grant;
          if (grant) grant.revoked = true;
          return void response.writeHead(200).end();
        }
        case 'POST /introspect': {
          requests.push('introspect');
          const live = liveAccess((await readForm(request)).get('token') ?? '');
          // Dovecot reads a non-200 answer as a temporary failure: a bad token is 200 with active false.
          return json(response, 200, live ? { active: true, username: live.grant.user } : { active: false });
        }
        default:
          response.writeHead(404).end();
      }
    })().catch(() => response.writeHead(500).end());
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    endpoints: { authorizeUrl: `${baseUrl}/authorize`, tokenUrl: `${baseUrl}/token`, revokeUrl: `${baseUrl}/revoke`, introspectUrl: `${baseUrl}/introspect` },
    requests,
    expireAccessTokens() {
      for (const entry of accessTokens.values()) entry.expiresAt = 0;
    },
    revokeUser(user) {
      for (const grant of grants.values()) if (grant.user === user) grant.revoked = true;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** An access token is good for this user right now (for an SMTP server's XOAUTH2 check in tests). */
export async function introspect(stub: OAuthStub, token: string): Promise<string | null> {
  const response = await fetch(stub.endpoints.introspectUrl, { method: 'POST', body: new URLSearchParams({ token }) });
  const answer = (await response.json()) as { active?: boolean; username?: string };
  return answer.active ? (answer.username ?? null) : null;
}
