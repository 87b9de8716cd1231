/** Where the settings below came from, what the provider wants for signing in, and anything worth a second look. */
import type { DiscoveryResult, SignInMethod } from '../../../shared/contract/discovery';

function SignInAdvice({ signIn, providerName, oauthAvailable }: { signIn: SignInMethod; providerName: string; oauthAvailable: boolean }) {
  switch (signIn.kind) {
    case 'password':
      return null;
    case 'appPassword':
      return (
        <p className="sign-in-advice" role="note">
          {providerName} needs an <strong>app password</strong> here, not the password you use on its website.{' '}
          <a href={signIn.helpUrl} target="_blank" rel="noopener noreferrer">Create an app password</a>
        </p>
      );
    case 'oauth2':
      return (
        <p className="sign-in-advice" role="note">
          {oauthAvailable
            ? `${providerName} signs in through its own page: use “Sign in with ${signIn.provider === 'google' ? 'Google' : 'Microsoft'}” below.`
            : `${providerName} wants you to sign in through its own page, which this copy of Tern is not set up for (no OAuth client id is configured).`}
          {signIn.appPasswordHelpUrl ? (
            <>
              {' '}You can also use an app password.{' '}
              <a href={signIn.appPasswordHelpUrl} target="_blank" rel="noopener noreferrer">Create an app password</a>
            </>
          ) : (
            ' It does not accept a password from mail apps.'
          )}
        </p>
      );
  }
}

export function DiscoverySummary({ result, domain, oauthAvailable = false }: { result: DiscoveryResult | null; domain: string; oauthAvailable?: boolean }) {
  const found = result?.found ?? null;
  return (
    <div className="discovery" aria-label="Where these settings come from">
      {found ? (
        <p role="status" className="discovery-source">
          Found {found.providerName ? <strong>{found.providerName}</strong> : 'settings'} in {found.source}. Check them, then add the account.
        </p>
      ) : result ? (
        <p role="status" className="discovery-source">
          No settings were found for {domain}. These are common guesses: check them with your provider.
        </p>
      ) : (
        <p role="status" className="discovery-source">Enter your provider’s settings.</p>
      )}
      {found && <SignInAdvice signIn={found.signIn} providerName={found.providerName ?? domain} oauthAvailable={oauthAvailable} />}
      {result?.notes.map((note) => (
        <p key={note} className="warning" role="note">{note}</p>
      ))}
    </div>
  );
}
