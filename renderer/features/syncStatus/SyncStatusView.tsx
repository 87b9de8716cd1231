/** Each account's connection and capabilities, and each cached folder's sync state: for the curious and for bug reports. */
import { useLiveQuery } from 'dexie-react-hooks';
import { describeAccountStatus } from '../../../shared/domain/describeAccountStatus';
import { folderMessages } from '../../cache/db';
import { useSession, useSessionStatus } from '../../state/sessionContext';

const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

export function SyncStatusView({ onClose, onAccountSettings }: { onClose(): void; onAccountSettings(accountId: string): void }) {
  const { db } = useSession();
  const status = useSessionStatus();
  const accounts = useLiveQuery(() => db.accounts.toArray(), [db]) ?? [];
  const folders = useLiveQuery(async () => {
    const cursors = await db.cursors.toArray();
    return Promise.all(cursors.map(async (cursor) => ({ ...cursor, cached: await folderMessages(db, cursor.accountId, cursor.path).count() })));
  }, [db]) ?? [];

  return (
    <div className="dialog-backdrop">
      <section className="dialog sync-status" role="dialog" aria-modal="true" aria-labelledby="sync-status-title">
        <h1 id="sync-status-title">Sync status</h1>
        {accounts.map((account) => {
          const live = status.accounts[account.id];
          return (
            <article key={account.id} className="sync-account">
              <h2>
                {account.email}{' '}
                <button type="button" className="link" aria-label={`Settings for ${account.email}`} onClick={() => onAccountSettings(account.id)}>Settings…</button>
              </h2>
              <p>
                <strong>{live?.state ?? 'unknown'}</strong>
                {live?.lastSyncedAt ? ` · checked ${time.format(new Date(live.lastSyncedAt))}` : ''}
              </p>
              {describeAccountStatus(live) && <p className="muted">{describeAccountStatus(live)}</p>}
              {live && live.capabilities.length > 0 && <p className="capabilities">{live.capabilities.join(' ')}</p>}
              <table>
                <thead>
                  <tr><th>Folder</th><th>Cached</th><th>UIDNEXT</th><th>MODSEQ</th><th>State</th></tr>
                </thead>
                <tbody>
                  {folders.filter((folder) => folder.accountId === account.id).map((folder) => {
                    const syncing = status.syncing.find((item) => item.accountId === account.id && item.path === folder.path);
                    return (
                      <tr key={folder.path}>
                        <td>{folder.path}</td>
                        <td>{folder.cached.toLocaleString()}</td>
                        <td>{folder.uidNext}</td>
                        <td>{folder.highestModseq ?? '—'}</td>
                        <td>{syncing ? `syncing ${syncing.done}/${syncing.total}` : 'in step'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </article>
          );
        })}
        <div className="actions">
          <button type="button" onClick={onClose} autoFocus>Close</button>
        </div>
      </section>
    </div>
  );
}
