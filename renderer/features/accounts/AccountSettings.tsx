/**
 * One account's settings: name, address, servers and password (left empty, the stored one is kept), tested
 * before they are saved; its From addresses with their signatures; and removing the account with everything
 * this computer cached for it.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, type FormEvent } from 'react';
import { DEFAULT_CONNECTION_BUDGET, MAX_CONNECTION_BUDGET, type AccountCheck, type AccountSummary, type AccountUpdate } from '../../../shared/contract/accounts';
import { TernError } from '../../../shared/contract/errors';
import { validateAccountUpdate } from '../../../shared/domain/accountValidation';
import { useSession } from '../../state/sessionContext';
import { checkPassed, CheckResults } from './CheckResults';
import { IdentitiesEditor } from './IdentitiesEditor';
import { OAuthSignIn, PROVIDER_NAMES } from './OAuthSignIn';
import { fieldsOf, ServerFields, settingsOf, type ServerFieldValues } from './ServerFields';

function AccountForm({ account }: { account: AccountSummary }) {
  const session = useSession();
  const [displayName, setDisplayName] = useState(account.displayName);
  const [email, setEmail] = useState(account.email);
  const [password, setPassword] = useState('');
  const [imap, setImap] = useState<ServerFieldValues>(() => fieldsOf(account.imap));
  const [smtp, setSmtp] = useState<ServerFieldValues>(() => fieldsOf(account.smtp));
  const [busy, setBusy] = useState<'testing' | 'saving' | null>(null);
  const [check, setCheck] = useState<AccountCheck | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [oauthFlowId, setOauthFlowId] = useState<string | null>(null);
  const [maxConnections, setMaxConnections] = useState(String(account.maxConnections ?? DEFAULT_CONNECTION_BUDGET));

  const run = async (mode: 'testing' | 'saving') => {
    setError(null);
    setCheck(null);
    setSaved(false);
    let update: AccountUpdate;
    try {
      update = validateAccountUpdate({ accountId: account.id, displayName, email, password, oauthFlowId, imap: settingsOf(imap), smtp: settingsOf(smtp), maxConnections });
    } catch (e) {
      setError((e as Error).message);
      return;
    }
    setBusy(mode);
    try {
      const result = await session.client.api.testAccountUpdate(update);
      setCheck(result);
      if (mode === 'saving' && checkPassed(result)) {
        await session.updateAccount(update, account);
        setPassword('');
        setOauthFlowId(null);
        setCheck(null);
        setSaved(true);
      }
    } catch (e) {
      setError(e instanceof TernError ? e.message : 'The settings could not be saved. Please try again.');
    } finally {
      setBusy(null);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run('saving');
  };

  return (
    <form className="account-form embedded" onSubmit={submit} aria-label="Account">
      <label htmlFor="settings-displayName">Your name</label>
      <input id="settings-displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="name" />
      <label htmlFor="settings-email">Email address</label>
      <input id="settings-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} spellCheck={false} />
      {account.oauth2 ? (
        <>
          <span>Sign-in</span>
          <OAuthSignIn provider={account.oauth2.provider} email={email} label={`Sign in again with ${PROVIDER_NAMES[account.oauth2.provider]}`} onSignedIn={setOauthFlowId} />
        </>
      ) : (
        <>
          <label htmlFor="settings-password">New password</label>
          <input id="settings-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} placeholder="Leave empty to keep the current one" autoComplete="new-password" />
        </>
      )}
      <ServerFields kind="imap" value={imap} onChange={setImap} />
      <ServerFields kind="smtp" value={smtp} onChange={setSmtp} />
      <label htmlFor="settings-maxConnections">Connections to the IMAP server</label>
      <input
        id="settings-maxConnections"
        type="number"
        min={1}
        max={MAX_CONNECTION_BUDGET}
        value={maxConnections}
        onChange={(e) => setMaxConnections(e.target.value)}
        aria-describedby="settings-maxConnections-hint"
      />
      <p id="settings-maxConnections-hint" className="hint">
        Tern uses {DEFAULT_CONNECTION_BUDGET}: one for push, one for syncing, one for opening messages. If your provider limits connections across your devices, use fewer: with 2, opening a message can wait for a sync; with 1, new mail is checked every 15 s instead of pushed.
      </p>
      {check && <CheckResults check={check} />}
      {error && <p className="error" role="alert">{error}</p>}
      {saved && <p className="check ok" role="status">Saved. The account reconnected with these settings.</p>}
      <div className="actions">
        <button type="button" onClick={() => void run('testing')} disabled={busy !== null}>{busy === 'testing' ? 'Testing…' : 'Test connection'}</button>
        <button type="submit" className="primary" disabled={busy !== null}>{busy === 'saving' ? 'Checking and saving…' : 'Save changes'}</button>
      </div>
    </form>
  );
}

function RemoveAccount({ account, onRemoved }: { account: AccountSummary; onRemoved(): void }) {
  const session = useSession();
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    const question = `Remove ${account.email} from Tern?\n\nIts settings, its password and the mail cached on this computer are deleted. Mail on the server is not touched.`;
    if (!window.confirm(question)) return;
    try {
      await session.removeAccount(account.id);
      onRemoved();
    } catch (e) {
      setError(e instanceof TernError ? e.message : 'The account could not be removed. Please try again.');
    }
  };
  return (
    <section className="danger-zone" aria-label="Remove account">
      <p className="muted">Removing the account deletes its settings, password and cached mail from this computer. Mail on the server stays.</p>
      {error && <p className="error" role="alert">{error}</p>}
      <button type="button" className="danger" onClick={() => void remove()}>Remove account…</button>
    </section>
  );
}

export function AccountSettings({ accountId, onClose }: { accountId: string; onClose(): void }) {
  const { db } = useSession();
  const account = useLiveQuery(() => db.accounts.get(accountId), [db, accountId]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="dialog-backdrop">
      <section className="dialog account-settings" role="dialog" aria-modal="true" aria-labelledby="account-settings-title">
        <h1 id="account-settings-title">Account settings</h1>
        {account ? (
          <>
            <p className="muted">{account.email}</p>
            <AccountForm key={account.id} account={account} />
            <IdentitiesEditor key={`identities-${account.id}`} account={account} />
            <RemoveAccount account={account} onRemoved={onClose} />
          </>
        ) : (
          <p className="muted">This account no longer exists.</p>
        )}
        <div className="actions">
          <button type="button" onClick={onClose}>Close</button>
        </div>
      </section>
    </div>
  );
}
