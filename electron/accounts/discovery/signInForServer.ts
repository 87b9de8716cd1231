/** How to sign in to a server found on the network: a big provider's servers keep the provider's rule (app password, OAuth2). */
import type { SignInMethod } from '../../../shared/contract/discovery';
import { providerForServer } from './providerTable';

export function signInForServer(host: string): SignInMethod {
  return providerForServer(host)?.signIn ?? { kind: 'password' };
}
