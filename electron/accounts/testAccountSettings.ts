/**
 * The connection test behind "Test connection", adding and editing: log in to IMAP and SMTP at once, and say
 * for each what went wrong, with the provider's page when a big provider refused the password.
 */
import type { AccountCheck, AccountInput, CheckResult } from '../../shared/contract/accounts';
import { TernError } from '../../shared/contract/errors';
import { openImapClient, type ImapTimeouts } from '../imap/imapClient';
import type { Logger } from '../services/logger';
import type { SignInSecret } from '../store/secretStore';
import { verifySmtp } from '../smtp/verifySmtp';
import { refusedPasswordAdvice } from './refusedPasswordAdvice';

async function check(host: string, run: () => Promise<string[]>): Promise<CheckResult> {
  try {
    return { ok: true, capabilities: await run() };
  } catch (error) {
    const ternError = error instanceof TernError ? error : new TernError('INTERNAL', 'The connection test failed unexpectedly.');
    const helpUrl = ternError.code === 'AUTH_FAILED' ? (refusedPasswordAdvice(host)?.helpUrl ?? null) : null;
    return { ok: false, code: ternError.code, message: ternError.message, helpUrl };
  }
}

export async function testAccountSettings(input: Pick<AccountInput, 'imap' | 'smtp'>, secret: SignInSecret, log: Logger, timeouts?: ImapTimeouts): Promise<AccountCheck> {
  const [imap, smtp] = await Promise.all([
    check(input.imap.host, async () => {
      const client = await openImapClient({ server: input.imap, password: secret, log, verifyOnly: true, ...(timeouts ? { timeouts } : {}) });
      const capabilities = [...client.capabilities.keys()];
      client.close();
      return capabilities;
    }),
    check(input.smtp.host, () => verifySmtp(input.smtp, secret, log)),
  ]);
  return { imap, smtp };
}

/** Throws the first refusal as a TernError: nothing is saved unless both servers accept the settings. */
export function requirePassed(result: AccountCheck): void {
  for (const side of [result.imap, result.smtp]) {
    if (!side.ok) throw new TernError(side.code as TernError['code'], side.message);
  }
}
