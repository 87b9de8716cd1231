/** Account settings as the renderer sees them: never a password (that stays in the main process). */
export type Security = 'tls' | 'starttls' | 'none';

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
  /** Sent once, from the add-account form to main; main encrypts it and never sends it back. */
  password: string;
}

export interface AccountSummary {
  id: string;
  displayName: string;
  email: string;
  imap: ServerSettings;
  smtp: ServerSettings;
}

export type CheckResult = { ok: true; capabilities: string[] } | { ok: false; code: string; message: string };

export interface AccountCheck {
  imap: CheckResult;
  smtp: CheckResult;
}
