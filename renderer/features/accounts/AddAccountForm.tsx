/**
 * Manual account setup: IMAP and SMTP settings, a connection test with a specific answer for each server,
 * and nothing saved until both accept. The password goes to main once and is never kept here.
 */
import { useState, type FormEvent } from 'react';
import type { AccountCheck, AccountInput, Security } from '../../../shared/contract/accounts';
import { TernError } from '../../../shared/contract/errors';
import { validateAccountInput } from '../../../shared/domain/accountValidation';
import { useSession } from '../../state/sessionContext';

interface ServerFields {
  host: string;
  port: string;
  security: Security;
  username: string;
}

const DEFAULT_PORTS: Record<'imap' | 'smtp', Record<Security, string>> = {
  imap: { tls: '993', starttls: '143', none: '143' },
  smtp: { tls: '465', starttls: '587', none: '25' },
};

function ServerSection({ kind, value, onChange }: { kind: 'imap' | 'smtp'; value: ServerFields; onChange(next: ServerFields): void }) {
  const label = kind === 'imap' ? 'Incoming mail (IMAP)' : 'Outgoing mail (SMTP)';
  const id = (field: string) => `${kind}-${field}`;
  return (
    <fieldset className="server">
      <legend>{label}</legend>
      <label htmlFor={id('host')}>Server</label>
      <input id={id('host')} name={id('host')} value={value.host} onChange={(e) => onChange({ ...value, host: e.target.value })} placeholder={`${kind}.example.com`} autoComplete="off" spellCheck={false} />
      <label htmlFor={id('port')}>Port</label>
      <input id={id('port')} name={id('port')} value={value.port} inputMode="numeric" onChange={(e) => onChange({ ...value, port: e.target.value })} />
      <label htmlFor={id('security')}>Security</label>
      <select
        id={id('security')}
        name={id('security')}
        value={value.security}
        onChange={(e) => {
          const security = e.target.value as Security;
          const wasDefault = Object.values(DEFAULT_PORTS[kind]).includes(value.port);
          onChange({ ...value, security, port: wasDefault ? DEFAULT_PORTS[kind][security] : value.port });
        }}
      >
        <option value="tls">TLS</option>
        <option value="starttls">STARTTLS (required)</option>
        <option value="none">None (this computer only)</option>
      </select>
      <label htmlFor={id('username')}>Username</label>
      <input id={id('username')} name={id('username')} value={value.username} onChange={(e) => onChange({ ...value, username: e.target.value })} autoComplete="off" spellCheck={false} />
    </fieldset>
  );
}

function CheckLine({ label, result }: { label: string; result: AccountCheck['imap'] }) {
  return (
    <p className={result.ok ? 'check ok' : 'check failed'} role="status">
      <strong>{label}:</strong> {result.ok ? 'connected and signed in.' : result.message}
    </p>
  );
}

export function AddAccountForm({ onDone, onCancel }: { onDone(accountId: string): void; onCancel?: () => void }) {
  const session = useSession();
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [imap, setImap] = useState<ServerFields>({ host: '', port: '993', security: 'tls', username: '' });
  const [smtp, setSmtp] = useState<ServerFields>({ host: '', port: '465', security: 'tls', username: '' });
  const [busy, setBusy] = useState<'testing' | 'adding' | null>(null);
  const [check, setCheck] = useState<AccountCheck | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Fill the obvious guesses from the address, without overwriting what the user typed.
  const onEmail = (next: string) => {
    const domain = next.split('@')[1] ?? '';
    const previousDomain = email.split('@')[1] ?? '';
    const follow = (current: string, prefix: string) => (current === '' || current === `${prefix}.${previousDomain}` ? (domain ? `${prefix}.${domain}` : '') : current);
    const followUser = (current: string) => (current === '' || current === email ? next : current);
    setImap((value) => ({ ...value, host: follow(value.host, 'imap'), username: followUser(value.username) }));
    setSmtp((value) => ({ ...value, host: follow(value.host, 'smtp'), username: followUser(value.username) }));
    setEmail(next);
  };

  const input = (): AccountInput => ({
    displayName,
    email,
    password,
    imap: { ...imap, port: Number(imap.port) },
    smtp: { ...smtp, port: Number(smtp.port) },
  });

  const run = async (mode: 'testing' | 'adding') => {
    setError(null);
    setCheck(null);
    let values: AccountInput;
    try {
      values = validateAccountInput(input());
    } catch (e) {
      setError((e as Error).message);
      return;
    }
    setBusy(mode);
    try {
      if (mode === 'testing') {
        setCheck(await session.client.api.testAccount(values));
      } else {
        const account = await session.client.api.addAccount(values);
        setPassword('');
        onDone(account.id);
        void session.refreshAccount(account.id);
      }
    } catch (e) {
      setError(e instanceof TernError ? e.message : 'The account could not be added. Please try again.');
    } finally {
      setBusy(null);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run('adding');
  };

  return (
    <form className="account-form" onSubmit={submit} aria-labelledby="add-account-title">
      <h1 id="add-account-title">Add a mail account</h1>
      {session.hostInfo?.credentialWarning && <p className="warning" role="note">{session.hostInfo.credentialWarning}</p>}
      <label htmlFor="displayName">Your name</label>
      <input id="displayName" name="displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="name" />
      <label htmlFor="email">Email address</label>
      <input id="email" name="email" type="email" value={email} onChange={(e) => onEmail(e.target.value)} autoComplete="email" spellCheck={false} />
      <label htmlFor="password">Password</label>
      <input id="password" name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
      <ServerSection kind="imap" value={imap} onChange={setImap} />
      <ServerSection kind="smtp" value={smtp} onChange={setSmtp} />
      {check && (
        <div className="checks">
          <CheckLine label="IMAP" result={check.imap} />
          <CheckLine label="SMTP" result={check.smtp} />
        </div>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      <div className="actions">
        {onCancel && <button type="button" onClick={onCancel} disabled={busy !== null}>Cancel</button>}
        <button type="button" onClick={() => void run('testing')} disabled={busy !== null}>{busy === 'testing' ? 'Testing…' : 'Test connection'}</button>
        <button type="submit" className="primary" disabled={busy !== null}>{busy === 'adding' ? 'Checking and adding…' : 'Add account'}</button>
      </div>
    </form>
  );
}
