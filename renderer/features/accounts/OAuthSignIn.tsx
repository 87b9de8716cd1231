/**
 * "Sign in with Google / Microsoft": main starts the flow and hands back the provider's page, which opens in
 * the system browser (Electron) or a new tab (browser mode); main waits for the browser to come back on its
 * loopback address and keeps the tokens. This component only ever sees the flow id.
 */
import { useState } from 'react';
import type { OAuthProviderId } from '../../../shared/contract/discovery';
import { TernError } from '../../../shared/contract/errors';
import { useSession } from '../../state/sessionContext';

export const PROVIDER_NAMES: Record<OAuthProviderId, string> = { google: 'Google', microsoft: 'Microsoft' };

export function OAuthSignIn({ provider, email, label, onSignedIn }: { provider: OAuthProviderId; email: string; label?: string; onSignedIn(flowId: string | null): void }) {
  const session = useSession();
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'waiting'; url: string } | { kind: 'done' } | { kind: 'failed'; message: string }>({ kind: 'idle' });
  const name = PROVIDER_NAMES[provider];

  const start = async () => {
    onSignedIn(null);
    try {
      const { flowId, authorizeUrl } = await session.client.api.startOAuthSignIn({ provider, email: email.trim() });
      setState({ kind: 'waiting', url: authorizeUrl });
      window.open(authorizeUrl, '_blank', 'noopener,noreferrer');
      await session.client.api.finishOAuthSignIn({ flowId });
      setState({ kind: 'done' });
      onSignedIn(flowId);
    } catch (error) {
      setState({ kind: 'failed', message: error instanceof TernError ? error.message : `The sign-in with ${name} did not complete. Try again.` });
    }
  };

  return (
    <div className="oauth-sign-in">
      <button type="button" className="primary" onClick={() => void start()} disabled={state.kind === 'waiting'}>
        {label ?? `Sign in with ${name}`}
      </button>
      {state.kind === 'waiting' && (
        <p role="status">
          Waiting for you to sign in with {name} in your browser…{' '}
          <a href={state.url} target="_blank" rel="noopener noreferrer">Open the sign-in page again</a>
        </p>
      )}
      {state.kind === 'done' && <p role="status" className="check ok">Signed in with {name} as {email}.</p>}
      {state.kind === 'failed' && <p role="alert" className="error">{state.message}</p>}
    </div>
  );
}
