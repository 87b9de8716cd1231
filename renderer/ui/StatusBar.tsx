/** Sync progress and the last error, with what to do about it. */
import { useSession, useSessionStatus } from '../state/sessionContext';

export function StatusBar() {
  const session = useSession();
  const status = useSessionStatus();
  const syncing = status.syncing[0];
  return (
    <footer className="status-bar">
      {!status.connected && <span className="offline">Disconnected from Tern’s engine</span>}
      {syncing && (
        <span role="status" aria-live="polite">
          Syncing {syncing.path}
          {syncing.total > 0 ? ` — ${syncing.done.toLocaleString()} of ${syncing.total.toLocaleString()}` : '…'}
        </span>
      )}
      {status.lastError && (
        <span className="error" role="alert">
          {status.lastError.message}{' '}
          <button type="button" className="link" onClick={() => session.dismissError()}>Dismiss</button>
        </span>
      )}
    </footer>
  );
}
