/** The connection test's answer for each server, with the provider's own page when it can fix the problem. */
import type { AccountCheck, CheckResult } from '../../../shared/contract/accounts';

function CheckLine({ label, result }: { label: string; result: CheckResult }) {
  return (
    <p className={result.ok ? 'check ok' : 'check failed'} role="status">
      <strong>{label}:</strong> {result.ok ? 'connected and signed in.' : result.message}
      {!result.ok && result.helpUrl && (
        <>
          {' '}
          <a href={result.helpUrl} target="_blank" rel="noopener noreferrer">Open the provider’s page</a>
        </>
      )}
    </p>
  );
}

export function CheckResults({ check }: { check: AccountCheck }) {
  return (
    <div className="checks">
      <CheckLine label="IMAP" result={check.imap} />
      <CheckLine label="SMTP" result={check.smtp} />
    </div>
  );
}

export function checkPassed(check: AccountCheck): boolean {
  return check.imap.ok && check.smtp.ok;
}
