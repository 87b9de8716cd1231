/**
 * What to tell someone whose password a big provider refused: most of them refuse the account password in
 * mail apps on purpose (an app password or a sign-in through their page is needed), and a bare
 * "authentication failed" sends people hunting for a typo that is not there.
 */
import { providerForServer } from './discovery/providerTable';

export interface PasswordAdvice {
  message: string;
  /** The provider's own page for creating an app password, when there is one. */
  helpUrl: string | null;
}

export function refusedPasswordAdvice(host: string): PasswordAdvice | null {
  const provider = providerForServer(host);
  if (!provider) return null;
  const { signIn, name } = provider;
  switch (signIn.kind) {
    case 'password':
      return null;
    case 'appPassword':
      return { message: `${name} refused the password. ${name} does not accept your account password in mail apps: create an app password on ${name}’s page and enter that instead.`, helpUrl: signIn.helpUrl };
    case 'oauth2':
      return signIn.appPasswordHelpUrl
        ? { message: `${name} refused the password. Use “Sign in with ${signIn.provider === 'google' ? 'Google' : 'Microsoft'}”, or create an app password on ${name}’s page and enter that instead.`, helpUrl: signIn.appPasswordHelpUrl }
        : { message: `${name} no longer accepts passwords from mail apps. Use “Sign in with ${signIn.provider === 'google' ? 'Google' : 'Microsoft'}” instead.`, helpUrl: null };
  }
}
