/**
 * Errors that cross the contract carry a stable code the UI maps to a clear message and an action;
 * never a raw stack.
 */
export const ERROR_CODES = [
  'AUTH_FAILED',
  /** An OAuth2 sign-in was revoked or expired: the user has to sign in again in the account's settings. */
  'REAUTH_REQUIRED',
  'HOST_UNREACHABLE',
  'HOST_NOT_FOUND',
  'TLS_FAILED',
  'STARTTLS_UNAVAILABLE',
  'PLAINTEXT_NOT_ALLOWED',
  'CONNECTION_LIMIT',
  /** The user allowed one connection: push is off and new mail comes by polling. A note, not a fault. */
  'CONNECTION_BUDGET',
  'TIMEOUT',
  /** The server broke the protocol or Tern's limits (an endless line, a flood, garbage): not the user's fault. */
  'PROTOCOL_ERROR',
  'INVALID_INPUT',
  'NOT_FOUND',
  /** The server changed meanwhile in a way that makes the request unsafe (a name taken, more mail than agreed). */
  'CONFLICT',
  'MESSAGE_TOO_LARGE',
  /** This computer's disk (or the browser's storage quota for Tern) is full: free space, and Tern goes on by itself. */
  'STORAGE_FULL',
  'UNKNOWN_METHOD',
  'DISCONNECTED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
}

export class TernError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'TernError';
    this.code = code;
  }

  toPayload(): ErrorPayload {
    return { code: this.code, message: this.message };
  }

  static fromPayload(payload: ErrorPayload): TernError {
    const code = (ERROR_CODES as readonly string[]).includes(payload.code) ? payload.code : 'INTERNAL';
    return new TernError(code, String(payload.message));
  }
}

export function isTernError(value: unknown): value is TernError {
  return value instanceof TernError;
}
