/**
 * Adding an account, as people expect it: name, address and password first; main then finds the settings
 * (provider table, autoconfig, SRV, MX) and the form shows what it found and from where, editable. Nothing is
 * saved until both servers accept the settings. The password goes to main once and is never kept here.
 */
import { useState, type FormEvent } from 'react';
import type { AccountCheck, AccountInput } from '../../../shared/contract/accounts';
import type { DiscoveryResult } from '../../../shared/contract/discovery';
import { TernError } from '../../../shared/contract/errors';
import { validateAccountInput } from '../../../shared/domain/accountValidation';
import { useSession } from '../../state/sessionContext';
import { checkPassed, CheckResults } from './CheckResults';
import { DiscoverySummary } from './DiscoverySummary';
import { OAuthSignIn } from './OAuthSignIn';
import { fieldsOf, guessedFields, ServerFields, settingsOf, type ServerFieldValues } from './ServerFields';

type Stage = 'start' | 'discovering' | 'settings';

export function AddAccountForm({ onDone, onCancel }: { onDone(accountId: string): void; onCancel?: () => void }) {
  const session = useSession();
  const [stage, setStage] = useState<Stage>('start');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [imap, setImap] = useState<ServerFieldValues>(() => guessedFields('imap', ''));
  const [smtp, setSmtp] = useState<ServerFieldValues>(() => guessedFields('smtp', ''));
  const [discovery, setDiscovery] = useState<DiscoveryResult | null>(null);
  const [busy, setBusy] = useState<'testing' | 'adding' | null>(null);
  const [check, setCheck] = useState<AccountCheck | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** A finished OAuth2 sign-in (its tokens are in main): used instead of the password. */
  const [oauthFlowId, setOauthFlowId] = useState<string | null>(null);
  const domain = email.slice(email.lastIndexOf('@') + 1).trim();
  // Without a keyring the password could only be obfuscated: saving needs the user's explicit yes.
  const askBeforeStoring = session.hostInfo?.askBeforeStoringPassword === true;
  const [allowWeakStorage, setAllowWeakStorage] = useState(false);

  const signIn = discovery?.found?.signIn;
  const oauthProvider = signIn?.kind === 'oauth2' && session.hostInfo?.oauthProviders?.includes(signIn.provider) ? signIn.provider : null;

  const showSettings = (result: DiscoveryResult | null) => {
    setDiscovery(result);
    setOauthFlowId(null);
    setImap(result?.found ? fieldsOf(result.found.imap) : guessedFields('imap', email));
    setSmtp(result?.found ? fieldsOf(result.found.smtp) : guessedFields('smtp', email));
    setCheck(null);
    setStage('settings');
  };

  const discover = async () => {
    setError(null);
    if (!email.includes('@')) {
      setError('Enter your email address first.');
      return;
    }
    setStage('discovering');
    try {
      showSettings(await session.client.api.discoverSettings({ email: email.trim() }));
    } catch (e) {
      setStage('start');
      setError(e instanceof TernError ? e.message : 'The settings could not be looked up. Enter them yourself.');
    }
  };

  const consent = askBeforeStoring && allowWeakStorage ? { allowWeakPasswordStorage: true } : {};
  const input = (): AccountInput =>
    oauthFlowId
      ? { displayName, email, password: '', oauthFlowId, imap: settingsOf(imap), smtp: settingsOf(smtp), ...consent }
      : { displayName, email, password, imap: settingsOf(imap), smtp: settingsOf(smtp), ...consent };

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
    if (mode === 'adding' && askBeforeStoring && !allowWeakStorage) {
      setError('Tern needs your permission to store the password without encryption: tick the box above the buttons, or install a keyring and restart Tern.');
      return;
    }
    setBusy(mode);
    try {
      // Testing first, even when adding, so a refused password comes back with the provider's advice and page.
      const result = await session.client.api.testAccount(values);
      setCheck(result);
      if (mode === 'adding' && checkPassed(result)) {
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
    if (stage === 'start') void discover();
    else if (stage === 'settings') void run('adding');
  };

  return (
    <form className="account-form" onSubmit={submit} aria-labelledby="add-account-title" aria-busy={stage === 'discovering' || busy !== null}>
      <h1 id="add-account-title">Add a mail account</h1>
      {session.hostInfo?.credentialWarning && <p className="warning" role="note">{session.hostInfo.credentialWarning}</p>}
      <label htmlFor="displayName">Your name</label>
      <input id="displayName" name="displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="name" />
      <label htmlFor="email">Email address</label>
      <input id="email" name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" spellCheck={false} readOnly={stage === 'discovering'} />
      {!oauthFlowId && (
        <>
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
        </>
      )}
      {stage === 'discovering' && <p className="discovery-source" role="status">Looking up the settings for {domain}…</p>}
      {stage === 'settings' && (
        <>
          <DiscoverySummary result={discovery} domain={domain} oauthAvailable={oauthProvider !== null} />
          {oauthProvider && <OAuthSignIn provider={oauthProvider} email={email} onSignedIn={setOauthFlowId} />}
          <ServerFields kind="imap" value={imap} onChange={setImap} />
          <ServerFields kind="smtp" value={smtp} onChange={setSmtp} />
        </>
      )}
      {check && <CheckResults check={check} />}
      {askBeforeStoring && (
        <label className="consent">
          <input type="checkbox" checked={allowWeakStorage} onChange={(e) => setAllowWeakStorage(e.target.checked)} />
          Store my password anyway, obfuscated but not encrypted
        </label>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      <div className="actions">
        {onCancel && <button type="button" onClick={onCancel} disabled={busy !== null}>Cancel</button>}
        {stage === 'settings' ? (
          <>
            <button type="button" onClick={() => setStage('start')} disabled={busy !== null}>Back</button>
            <button type="button" onClick={() => void run('testing')} disabled={busy !== null}>{busy === 'testing' ? 'Testing…' : 'Test connection'}</button>
            <button type="submit" className="primary" disabled={busy !== null}>{busy === 'adding' ? 'Checking and adding…' : 'Add account'}</button>
          </>
        ) : (
          <>
            <button type="button" className="link" onClick={() => showSettings(null)} disabled={stage === 'discovering'}>Set up manually</button>
            <button type="submit" className="primary" disabled={stage === 'discovering'}>{stage === 'discovering' ? 'Looking up settings…' : 'Continue'}</button>
          </>
        )}
      </div>
    </form>
  );
}
