/**
 * Changing a saved account: the same connection test as adding, with the stored password when the field was
 * left empty, and nothing changed unless both servers accept. Its From identities are checked and replaced
 * whole. Removing takes everything main keeps for it.
 */
import type { AccountCheck, AccountInput, AccountSummary } from '../../shared/contract/accounts';
import { TernError } from '../../shared/contract/errors';
import { validateAccountUpdate } from '../../shared/domain/accountValidation';
import { validateIdentities } from '../../shared/domain/identities';
import { outgoingMailOf } from '../compose/outgoingMail';
import type { EngineCore } from '../services/engineCore';
import { requirePassed, testAccountSettings } from './testAccountSettings';

interface ResolvedUpdate {
  accountId: string;
  settings: Omit<AccountInput, 'password'>;
  /** What the test signs in with: the new password, or the stored one. */
  testPassword: string;
  newPassword: string | null;
}

async function resolveUpdate(core: EngineCore, value: unknown): Promise<ResolvedUpdate> {
  const { accountId, password, ...settings } = validateAccountUpdate(value);
  if (!(await core.accounts.get(accountId))) throw new TernError('NOT_FOUND', 'This account no longer exists.');
  const testPassword = password ?? (await core.options.secrets.get(accountId));
  if (testPassword === null) throw new TernError('AUTH_FAILED', `No password is stored for ${settings.email}. Enter it to save the settings.`);
  return { accountId, settings, testPassword, newPassword: password };
}

export async function testAccountUpdate(core: EngineCore, value: unknown): Promise<AccountCheck> {
  const { settings, testPassword } = await resolveUpdate(core, value);
  return testAccountSettings({ ...settings, password: testPassword }, core.options.log);
}

export async function updateAccount(core: EngineCore, value: unknown): Promise<AccountSummary> {
  const { accountId, settings, testPassword, newPassword } = await resolveUpdate(core, value);
  requirePassed(await testAccountSettings({ ...settings, password: testPassword }, core.options.log));
  return core.updateAccount(accountId, settings, newPassword);
}

export async function setIdentities(core: EngineCore, value: unknown): Promise<AccountSummary> {
  const raw = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof raw.accountId !== 'string' || raw.accountId.length === 0) throw new TernError('INVALID_INPUT', 'accountId is invalid.');
  return core.setIdentities(raw.accountId, validateIdentities(raw.identities));
}

export async function removeAccount(core: EngineCore, accountId: string): Promise<void> {
  await core.removeAccount(accountId);
  await outgoingMailOf(core).forgetAccount(accountId);
}
