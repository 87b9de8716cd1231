/** Where account passwords live: only ever in the main process, encrypted where the platform allows. */
export interface SecretStore {
  /** A sentence for the user when secrets are not protected by the OS (browser mode, Linux without a keyring). */
  readonly warning: string | null;
  /** Storing would protect the secret so little that the user must agree first (Linux `basic_text`). */
  readonly needsConsent: boolean;
  get(accountId: string): Promise<string | null>;
  set(accountId: string, secret: string): Promise<void>;
  delete(accountId: string): Promise<void>;
}

/** An OAuth2 bearer token, as imapflow and nodemailer take it instead of a password. */
export interface AccessToken {
  accessToken: string;
}

/** What a connection signs in with: a password, or an OAuth2 access token. */
export type SignInSecret = string | AccessToken;
