/** Account settings as the renderer sees them: never a password or token (those stay in the main process). */
import type { OAuthProviderId } from './discovery';

export type Security = 'tls' | 'starttls' | 'none';

/**
 * How many IMAP connections Tern opens to one account at once unless the user chose otherwise: one IDLE-ing for
 * push, one for folder syncs, one for short commands (opening a message never waits behind a long sync).
 */
export const DEFAULT_CONNECTION_BUDGET = 3;
/** Providers limit connections per user across all devices (often 10–20); Tern never needs more than this. */
export const MAX_CONNECTION_BUDGET = 10;

export interface ServerSettings {
  host: string;
  port: number;
  security: Security;
  username: string;
}

export interface AccountInput {
  displayName: string;
  email: string;
  imap: ServerSettings;
  smtp: ServerSettings;
  /** Sent once, from the add-account form to main; main encrypts it and never sends it back. Empty with `oauthFlowId`. */
  password: string;
  /** A finished OAuth2 sign-in (startOAuthSignIn/finishOAuthSignIn) to use instead of a password; its tokens stay in main. */
  oauthFlowId?: string;
  /** The user agreed to keep the password or tokens where they are only obfuscated (HostInfo.askBeforeStoringPassword). */
  allowWeakPasswordStorage?: boolean;
  /** At most this many IMAP connections (1–MAX_CONNECTION_BUDGET); absent: DEFAULT_CONNECTION_BUDGET. */
  maxConnections?: number;
}

/** A change to a saved account. `password` null: keep the stored one. */
export interface AccountUpdate {
  accountId: string;
  displayName: string;
  email: string;
  imap: ServerSettings;
  smtp: ServerSettings;
  password: string | null;
  /** A finished OAuth2 sign-in that replaces the stored one ("sign in again"). */
  oauthFlowId?: string;
  /** As in AccountInput, for a new password or sign-in. */
  allowWeakPasswordStorage?: boolean;
  /** As in AccountInput; absent: keep the account's current budget. */
  maxConnections?: number;
}

/** A From address of an account: a name, an address (the account's own or an alias), and a plain-text signature. */
export interface Identity {
  id: string;
  name: string;
  email: string;
  /** Plain text, put under a "-- " line in new messages and replies; empty for none. */
  signature: string;
}

/** An identity as the settings form sends it: `id` null for a new one. */
export interface IdentityInput {
  id: string | null;
  name: string;
  email: string;
  signature: string;
}

export interface AccountSummary {
  id: string;
  displayName: string;
  email: string;
  imap: ServerSettings;
  smtp: ServerSettings;
  /** At least one; the first is the default for new messages. */
  identities: Identity[];
  /** Signs in through this OAuth2 provider (tokens in main); absent or null: with a password. */
  oauth2?: { provider: OAuthProviderId } | null;
  /** The user's connection budget for this account; absent: DEFAULT_CONNECTION_BUDGET. */
  maxConnections?: number;
}

export type CheckResult =
  | { ok: true; capabilities: string[] }
  /** `helpUrl`: the provider's page that fixes this (e.g. where to create an app password), or null. */
  | { ok: false; code: string; message: string; helpUrl: string | null };

export interface AccountCheck {
  imap: CheckResult;
  smtp: CheckResult;
}

/**
 * An account's live connection as the user should see it. `limited`: the provider refused another
 * connection, so Tern works with fewer (changes arrive by polling instead of push) — not a password problem.
 */
export interface AccountStatus {
  accountId: string;
  state: 'connecting' | 'online' | 'limited' | 'offline' | 'error';
  error: { code: string; message: string } | null;
  /** Epoch ms of the next reconnect attempt while offline, or of push's next try while limited by the server; else null. */
  retryAt: number | null;
  capabilities: string[];
  /** Epoch ms of the last time the server was seen in step (a finished poll or IDLE check). */
  lastSyncedAt: number | null;
}
