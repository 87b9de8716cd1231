/**
 * Testing and adding a new account, with a password or with a finished OAuth2 sign-in (whose tokens main holds
 * under the flow id). Nothing is saved unless both servers accept.
 */
import type { AccountCheck, AccountSummary } from '../../shared/contract/accounts';
import { validateAccountInput } from '../../shared/domain/accountValidation';
import type { EngineCore } from '../services/engineCore';
import type { SignInSecret } from '../store/secretStore';
import { requirePassed, testAccountSettings } from './testAccountSettings';
import { sendLimitsOf } from '../compose/sendLimits';

function secretOf(core: EngineCore, input: { password: string; oauthFlowId?: string }): SignInSecret {
  return input.oauthFlowId ? { accessToken: core.signIns.peek(input.oauthFlowId).tokens.accessToken } : input.password;
}

export function testNewAccount(core: EngineCore, value: unknown): Promise<AccountCheck> {
  const input = validateAccountInput(value);
  return testAccountSettings(input, secretOf(core, input), core.options.log, core.options.timeouts);
}

export async function addAccount(core: EngineCore, value: unknown): Promise<AccountSummary> {
  const input = validateAccountInput(value);
  // Asked before the connection test: there is no point testing settings that will not be saved.
  core.assertStorageConsent(input);
  const check = await testAccountSettings(input, secretOf(core, input), core.options.log, core.options.timeouts);
  requirePassed(check);
  const account = await core.saveAccount(input, input.oauthFlowId ? core.signIns.take(input.oauthFlowId) : null);
  if (check.smtp.ok) sendLimitsOf(core).learnFromCheck(account.id, check.smtp.capabilities);
  return account;
}
