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
import type { SignInSecret } from '../store/secretStore';
import type { EngineCore } from '../services/engineCore';
import { requirePassed, testAccountSettings } from './testAccountSettings';
import { sendLimitsOf } from '../compose/sendLimits';

interface ResolvedUpdate {
  accountId: string;
  settings: Omit<AccountInput, 'password'>;
  /** What the test signs in with: a new sign-in or password, else the stored one. */
  testPassword: SignInSecret;
  newPassword: string | null;
  oauthFlowId: string | null;
  allowWeakPasswordStorage: boolean;
}

async function resolveUpdate(core: EngineCore, value: unknown): Promise<ResolvedUpdate> {
  const { accountId, password, oauthFlowId, allowWeakPasswordStorage, ...settings } = validateAccountUpdate(value);
  const account = await core.accounts.get(accountId);
  if (!account) throw new TernError('NOT_FOUND', 'This account no longer exists.');
  // A kept OAuth2 sign-in is tested with a fresh token: the stored one may have been revoked since it was issued.
  const testPassword = oauthFlowId ? { accessToken: core.signIns.peek(oauthFlowId).tokens.accessToken } : (password ?? (await core.credentials.secretFor(account, Boolean(account.oauth2))));
  return { accountId, settings, testPassword, newPassword: password, oauthFlowId: oauthFlowId ?? null, allowWeakPasswordStorage: allowWeakPasswordStorage === true };
}

export async function testAccountUpdate(core: EngineCore, value: unknown): Promise<AccountCheck> {
  const { settings, testPassword } = await resolveUpdate(core, value);
  return testAccountSettings(settings, testPassword, core.options.log);
}

export async function updateAccount(core: EngineCore, value: unknown): Promise<AccountSummary> {
  const { accountId, settings, testPassword, newPassword, oauthFlowId, allowWeakPasswordStorage } = await resolveUpdate(core, value);
  // Only a new password or sign-in is stored; keeping the stored one needs no new yes.
  if (newPassword !== null || oauthFlowId !== null) core.assertStorageConsent({ allowWeakPasswordStorage });
  const check = await testAccountSettings(settings, testPassword, core.options.log);
  requirePassed(check);
  const account = await core.updateAccount(accountId, settings, newPassword, oauthFlowId ? core.signIns.take(oauthFlowId) : null);
  if (check.smtp.ok) sendLimitsOf(core).learnFromCheck(accountId, check.smtp.capabilities);
  return account;
}

export async function setIdentities(core: EngineCore, value: unknown): Promise<AccountSummary> {
  const raw = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof raw.accountId !== 'string' || raw.accountId.length === 0) throw new TernError('INVALID_INPUT', 'accountId is invalid.');
  return core.setIdentities(raw.accountId, validateIdentities(raw.identities));
}

export async function removeAccount(core: EngineCore, accountId: string): Promise<void> {
  await core.removeAccount(accountId);
  await outgoingMailOf(core).forgetAccount(accountId);
  sendLimitsOf(core).forget(accountId);
}
