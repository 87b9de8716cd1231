/**
 * Checks an add-account form, used by the renderer (to explain mistakes as the user types) and by main
 * (which trusts nothing that crossed the contract). Throws TernError('INVALID_INPUT') with a clear message.
 */
import { MAX_CONNECTION_BUDGET, type AccountInput, type AccountUpdate, type Security, type ServerSettings } from '../contract/accounts';
import { TernError } from '../contract/errors';

const SECURITIES: readonly Security[] = ['tls', 'starttls', 'none'];

export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

const EMAIL = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.?[^\s@<>()",;:\\[\]]*$/;
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?$|^\[?[0-9a-fA-F:.]+\]?$/;

function text(value: unknown, field: string, max = 320): string {
  if (typeof value !== 'string') throw new TernError('INVALID_INPUT', `${field} is missing.`);
  if (value.length > max || /[\r\n\0]/.test(value)) throw new TernError('INVALID_INPUT', `${field} is not valid.`);
  return value.trim();
}

function server(value: unknown, label: 'IMAP' | 'SMTP'): ServerSettings {
  if (typeof value !== 'object' || value === null) throw new TernError('INVALID_INPUT', `${label} settings are missing.`);
  const raw = value as Record<string, unknown>;
  const host = text(raw.host, `${label} server`, 253);
  if (!host || !HOST.test(host)) throw new TernError('INVALID_INPUT', `${label} server “${host}” is not a host name.`);
  const port = Number(raw.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new TernError('INVALID_INPUT', `${label} port must be a number from 1 to 65535.`);
  }
  const security = raw.security as Security;
  if (!SECURITIES.includes(security)) throw new TernError('INVALID_INPUT', `${label} security must be TLS, STARTTLS or none.`);
  if (security === 'none' && !isLoopbackHost(host)) {
    throw new TernError(
      'PLAINTEXT_NOT_ALLOWED',
      `${label}: an unencrypted connection is allowed only to this computer (localhost). Choose TLS or STARTTLS for ${host}.`,
    );
  }
  const username = text(raw.username, `${label} username`);
  if (!username) throw new TernError('INVALID_INPUT', `${label} username is missing.`);
  return { host, port, security, username };
}

/** The connection budget, when the form sends one: a whole number from 1 to MAX_CONNECTION_BUDGET. */
function connectionBudget(value: unknown): { maxConnections?: number } {
  if (value === undefined || value === null || value === '') return {};
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > MAX_CONNECTION_BUDGET) {
    throw new TernError('INVALID_INPUT', `Connections must be a whole number from 1 to ${MAX_CONNECTION_BUDGET}.`);
  }
  return { maxConnections: count };
}

/** Everything but the password: name, address, both servers, and the connection budget if given. */
export function validateAccountSettings(value: unknown): Omit<AccountInput, 'password'> {
  if (typeof value !== 'object' || value === null) throw new TernError('INVALID_INPUT', 'Account settings are missing.');
  const raw = value as Record<string, unknown>;
  const email = text(raw.email, 'Email address');
  if (!EMAIL.test(email)) throw new TernError('INVALID_INPUT', `“${email}” is not an email address.`);
  const displayName = text(raw.displayName, 'Your name', 200);
  return { displayName, email, imap: server(raw.imap, 'IMAP'), smtp: server(raw.smtp, 'SMTP'), ...connectionBudget(raw.maxConnections) };
}

export function validatePassword(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new TernError('INVALID_INPUT', 'Password is missing.');
  if (value.length > 4096) throw new TernError('INVALID_INPUT', 'Password is too long.');
  return value;
}

function flowId(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !/^[0-9a-f-]{36}$/.test(value)) throw new TernError('INVALID_INPUT', 'The sign-in is not valid. Sign in again.');
  return value;
}

/** New account settings with a password, or with a finished OAuth2 sign-in instead (then the password is empty). */
export function validateAccountInput(value: unknown): AccountInput {
  const settings = validateAccountSettings(value);
  const raw = value as Record<string, unknown>;
  const oauthFlowId = flowId(raw.oauthFlowId);
  const consent = raw.allowWeakPasswordStorage === true ? { allowWeakPasswordStorage: true } : {};
  if (oauthFlowId) return { ...settings, password: '', oauthFlowId, ...consent };
  return { ...settings, password: validatePassword(raw.password), ...consent };
}

/** An edit of a saved account: an empty or missing password means "keep the stored one" (null). */
export function validateAccountUpdate(value: unknown): AccountUpdate & { password: string | null } {
  const settings = validateAccountSettings(value);
  const raw = value as Record<string, unknown>;
  if (typeof raw.accountId !== 'string' || raw.accountId.length === 0 || raw.accountId.length > 200) throw new TernError('INVALID_INPUT', 'accountId is invalid.');
  const password = raw.password === null || raw.password === undefined || raw.password === '' ? null : validatePassword(raw.password);
  const oauthFlowId = flowId(raw.oauthFlowId);
  const consent = raw.allowWeakPasswordStorage === true ? { allowWeakPasswordStorage: true } : {};
  return { ...settings, accountId: raw.accountId, password: oauthFlowId ? null : password, ...(oauthFlowId ? { oauthFlowId } : {}), ...consent };
}
