/**
 * Finding an address's server settings (autoconfig): what main found, where it found it, and how the provider
 * wants people to sign in. Main fills in what it can; the renderer shows it, editable, before anything is saved.
 */
import type { ServerSettings } from './accounts';

/** How the provider wants the user to sign in; shown before the password is typed. */
export type SignInMethod =
  | { kind: 'password' }
  /** The account password is refused from mail apps: the user must create an app password on `helpUrl`. */
  | { kind: 'appPassword'; helpUrl: string }
  /**
   * Sign in through the provider's page (OAuth2). `appPasswordHelpUrl`: where the provider also accepts an
   * app password instead (Gmail), else null (Microsoft accepts no password over IMAP any more).
   */
  | { kind: 'oauth2'; provider: OAuthProviderId; appPasswordHelpUrl: string | null };

export type OAuthProviderId = 'google' | 'microsoft';

/** The discovery steps, in the order they are trusted. */
export type DiscoveryStep = 'providerTable' | 'autoconfig' | 'wellKnown' | 'srv' | 'mx';

export interface DiscoveredSettings {
  step: DiscoveryStep;
  /** Where the settings came from, as a sentence fragment the user can read ("Tern’s list of providers", a URL…). */
  source: string;
  /** "Gmail", "iCloud Mail", or the name the domain's own configuration gives; null when none. */
  providerName: string | null;
  imap: ServerSettings;
  smtp: ServerSettings;
  signIn: SignInMethod;
}

export interface DiscoveryResult {
  /** null: nothing usable was found; the user fills the settings in. */
  found: DiscoveredSettings | null;
  /** What the user should know: answers refused as insecure, servers outside the address's own domain. */
  notes: string[];
}
