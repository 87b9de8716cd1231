/**
 * Sign-ins in progress: `start` opens the loopback redirect and builds the provider's authorization URL (with
 * PKCE and state), `finish` waits for the browser to come back and exchanges the code. The tokens stay here,
 * under a flow id, until adding (or re-authorizing) an account takes them: the renderer only ever holds the id.
 */
import { randomUUID } from 'node:crypto';
import type { OAuthProviderId } from '../../../shared/contract/discovery';
import { TernError } from '../../../shared/contract/errors';
import { startLoopbackRedirect, type LoopbackRedirect } from './loopbackRedirect';
import { oauthProvider, type OAuthConfig, type OAuthProvider } from './oauthProviders';
import { createPkce, randomState } from './pkce';
import { exchangeCode, type TokenSet } from './tokenEndpoint';

export interface CompletedSignIn {
  provider: OAuthProviderId;
  email: string;
  tokens: TokenSet;
}

interface Flow {
  provider: OAuthProvider;
  email: string;
  redirect: LoopbackRedirect;
  state: string;
  verifier: string;
  finishing: Promise<void> | null;
  done: CompletedSignIn | null;
  expiresAt: number;
}

export const SIGN_IN_TIMEOUT_MS = 5 * 60_000;
const MAX_FLOWS = 8;

export class OAuthSignIns {
  private readonly flows = new Map<string, Flow>();

  constructor(private readonly config: OAuthConfig) {}

  async start(providerId: OAuthProviderId, email: string): Promise<{ flowId: string; authorizeUrl: string }> {
    const provider = oauthProvider(providerId, this.config);
    if (!provider) throw new TernError('INVALID_INPUT', `Signing in with ${providerId === 'google' ? 'Google' : 'Microsoft'} is not set up in this copy of Tern (no OAuth client id is configured). Use an app password, or ask whoever installed Tern.`);
    this.prune();
    if (this.flows.size >= MAX_FLOWS) throw new TernError('INVALID_INPUT', 'Too many sign-ins are waiting. Finish or close one first.');
    const redirect = await startLoopbackRedirect(SIGN_IN_TIMEOUT_MS);
    const { verifier, challenge } = createPkce();
    const state = randomState();
    const url = new URL(provider.authorizeUrl);
    const params: Record<string, string> = {
      ...provider.extraParams,
      response_type: 'code',
      client_id: provider.clientId,
      redirect_uri: redirect.redirectUri,
      scope: provider.scopes.join(' '),
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      login_hint: email,
    };
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    const flowId = randomUUID();
    this.flows.set(flowId, { provider, email, redirect, state, verifier, finishing: null, done: null, expiresAt: Date.now() + SIGN_IN_TIMEOUT_MS * 2 });
    return { flowId, authorizeUrl: url.toString() };
  }

  /** Waits for the browser's redirect and exchanges the code; safe to call again while it waits. */
  async finish(flowId: string): Promise<void> {
    const flow = this.flow(flowId);
    flow.finishing ??= this.complete(flow);
    await flow.finishing;
  }

  /** The finished sign-in's provider and access token, for a connection test; the flow stays. */
  peek(flowId: string): CompletedSignIn {
    const done = this.flow(flowId).done;
    if (!done) throw new TernError('INVALID_INPUT', 'The sign-in has not finished yet.');
    return done;
  }

  /** Hands the finished sign-in over (once) to the account that keeps it. */
  take(flowId: string): CompletedSignIn {
    const done = this.peek(flowId);
    this.flows.delete(flowId);
    return done;
  }

  cancelAll(): void {
    for (const flow of this.flows.values()) flow.redirect.close();
    this.flows.clear();
  }

  private flow(flowId: unknown): Flow {
    const flow = typeof flowId === 'string' ? this.flows.get(flowId) : undefined;
    if (!flow || flow.expiresAt < Date.now()) throw new TernError('NOT_FOUND', 'This sign-in expired. Start it again.');
    return flow;
  }

  private async complete(flow: Flow): Promise<void> {
    let params: URLSearchParams;
    try {
      params = await flow.redirect.result;
    } catch {
      throw new TernError('TIMEOUT', `The sign-in with ${flow.provider.name} was not completed in time. Start it again.`);
    }
    if (params.get('state') !== flow.state) throw new TernError('AUTH_FAILED', 'The sign-in answer did not match this sign-in, so Tern ignored it. Start it again.');
    const code = params.get('code');
    if (!code) throw new TernError('AUTH_FAILED', `${flow.provider.name} did not complete the sign-in${params.get('error') ? ` (${params.get('error')?.slice(0, 60)})` : ''}.`);
    const tokens = await exchangeCode(flow.provider, code, flow.verifier, flow.redirect.redirectUri);
    if (!tokens.refreshToken) throw new TernError('AUTH_FAILED', `${flow.provider.name} gave Tern no lasting sign-in (no refresh token). Try again.`);
    flow.done = { provider: flow.provider.id, email: flow.email, tokens };
  }

  private prune(): void {
    for (const [id, flow] of this.flows) {
      if (flow.expiresAt < Date.now()) {
        flow.redirect.close();
        this.flows.delete(id);
      }
    }
  }
}
