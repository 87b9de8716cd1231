/** Each account's connection and capabilities, and every folder's sync state: for the curious and for bug reports. */
import { useLiveQuery } from 'dexie-react-hooks';
import type { MailboxCursor } from '../../../shared/contract/sync';
import { describeAccountStatus } from '../../../shared/domain/describeAccountStatus';
import { folderMessages } from '../../cache/db';
import { useSession, useSessionStatus } from '../../state/sessionContext';
import { folderSyncRows } from './folderSyncRows';

const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

export function SyncStatusView({ onClose, onAccountSettings }: { onClose(): void; onAccountSettings(accountId: string): void }) {
  const { db } = useSession();
  const status = useSessionStatus();
  const accounts = useLiveQuery(() => db.accounts.toArray(), [db]) ?? [];
  // Per account: its folders, the cursors of those in step, and how many rows the cache holds of each.
  const cache = useLiveQuery(async () => {
    const [mailboxes, cursors] = await Promise.all([db.mailboxes.toArray(), db.cursors.toArray()]);
    const cached = await Promise.all(mailboxes.map(async (mailbox) => [mailbox.accountId, mailbox.path, await folderMessages(db, mailbox.accountId, mailbox.path).count()] as const));
    return { mailboxes, cursors, cached };
  }, [db]);
  const rowsOf = (accountId: string) =>
    folderSyncRows({
      mailboxes: cache?.mailboxes.filter((mailbox) => mailbox.accountId === accountId) ?? [],
      cursors: new Map<string, MailboxCursor>(cache?.cursors.filter((cursor) => cursor.accountId === accountId).map((cursor) => [cursor.path, cursor]) ?? []),
      cached: new Map(cache?.cached.filter(([owner]) => owner === accountId).map(([, path, count]) => [path, count]) ?? []),
      syncing: status.syncing.filter((item) => item.accountId === accountId),
      failed: status.failed.filter((item) => item.accountId === accountId),
    });

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
                  <tr><th>Folder</th><th>Cached</th><th>On server</th><th>UIDNEXT</th><th>MODSEQ</th><th>State</th></tr>
                </thead>
                <tbody>
                  {rowsOf(account.id).map((row) => (
                    <tr key={row.path} className={`folder-${row.state.replace(' ', '-')}`}>
                      <td>{row.path}</td>
                      <td>{row.cached.toLocaleString()}</td>
                      <td>{row.onServer === null ? '—' : row.onServer.toLocaleString()}</td>
                      <td>{row.uidNext ?? '—'}</td>
                      <td>{row.highestModseq ?? '—'}</td>
                      <td>{row.label}</td>
                    </tr>
                  ))}
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
