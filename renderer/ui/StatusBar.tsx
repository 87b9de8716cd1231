/** Sync progress with an estimate, accounts that are offline, and the last error with what to do about it. */
import { useSyncExternalStore } from 'react';
import { formatDuration } from '../../shared/domain/formatDuration';
import { useSession, useSessionStatus } from '../state/sessionContext';
import { applyTheme, nextTheme, onThemeChange, storedTheme } from './theme';

export function StatusBar({ onShowSyncStatus, onShowSettings }: { onShowSyncStatus?: () => void; onShowSettings?: () => void }) {
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
          {syncing.total > 0 ? ` — ${syncing.done.toLocaleString()} of ${syncing.total.toLocaleString()}` : '…'}
          {syncing.etaMs !== null && syncing.etaMs > 3000 ? `, about ${formatDuration(syncing.etaMs)} left` : ''}
        </span>
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
