/** Sync progress with an estimate, accounts that are offline, and the last error with what to do about it. */
import { useSyncExternalStore } from 'react';
import { formatProgress } from '../../shared/domain/formatProgress';
import { useSession, useSessionStatus } from '../state/sessionContext';
import { applyTheme, nextTheme, onThemeChange, storedTheme } from './theme';

interface Props {
  onShowSyncStatus?: () => void;
  onShowSettings?: () => void;
  /** Opens an account's settings: the action offered with an error only the user can fix (a password). */
  onAccountSettings?: (accountId: string) => void;
}

/** Account errors the user fixes in the account's settings, and the button that says so. */
const FIX_IN_SETTINGS: Record<string, string> = { AUTH_FAILED: 'Update password', REAUTH_REQUIRED: 'Sign in again', TLS_FAILED: 'Check settings', HOST_NOT_FOUND: 'Check settings' };

export function StatusBar({ onShowSyncStatus, onShowSettings, onAccountSettings }: Props) {
  const session = useSession();
  const status = useSessionStatus();
  const syncing = status.syncing.find((item) => item.total > 50) ?? status.syncing[0];
  const theme = useSyncExternalStore(onThemeChange, storedTheme);
  const offline = Object.values(status.accounts).filter((account) => account.state === 'offline' || account.state === 'error');
  return (
    <footer className="status-bar">
      {!status.connected && <span className="offline">Disconnected from Tern’s engine</span>}
      {offline.length > 0 && (
        <span className="offline" role="status">
          {offline.length === 1 ? '1 account is offline' : `${offline.length} accounts are offline`} — showing saved mail
        </span>
      )}
      {syncing && (
        <span role="status" aria-live="polite">
          Syncing {syncing.path}
          {syncing.total > 0 ? ` — ${formatProgress(syncing)}` : '…'}
        </span>
      )}
      {onAccountSettings &&
        Object.values(status.accounts)
          .filter((account) => account.state === 'error' && account.error && FIX_IN_SETTINGS[account.error.code])
          .map((account) => (
            <span key={account.accountId} className="error" role="alert">
              {account.error!.message}{' '}
              <button type="button" className="link" onClick={() => onAccountSettings(account.accountId)}>{FIX_IN_SETTINGS[account.error!.code]}</button>
            </span>
          ))}
      {status.storageFull && (
        // Not dismissable: it stays until the disk has room and the sync went through.
        <span className="error storage-full" role="alert">{status.storageFull}</span>
      )}
      {status.lastError && (
        <span className="error" role="alert">
          {status.lastError.message}{' '}
          <button type="button" className="link" onClick={() => session.dismissError()}>Dismiss</button>
        </span>
      )}
      {onShowSyncStatus && (
        <button type="button" className="link status-link" onClick={onShowSyncStatus}>Sync status</button>
      )}
      {onShowSettings && (
        <button type="button" className="link status-link" onClick={onShowSettings}>Settings</button>
      )}
      <button
        type="button"
        className="link theme-toggle"
        onClick={() => applyTheme(nextTheme(theme))}
      >
        Theme: {theme === 'system' ? 'follow system' : theme}
      </button>
    </footer>
  );
}
