/**
 * "Outbox (N)": every message not yet sent, with where it stands — in its undo delay, sending, waiting for
 * the server (with the last reason and the next try), or refused (with why) — and what can be done: retry
 * now, edit, discard. Nothing leaves this list without being sent or discarded by the user.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { OutboxRow } from '../../cache/db';
import { useSession } from '../../state/sessionContext';

const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

function describe(row: OutboxRow): string {
  switch (row.state) {
    case 'waiting':
      return 'Sending in a moment (can be undone)';
    case 'sending':
      return 'Sending…';
    case 'queued':
      return row.error ? `Waiting to send — ${row.error.message} Next try at ${time.format(new Date(row.sendAfter))}.` : 'Waiting to send';
    case 'failed':
      return `Not sent — ${row.error?.message ?? 'refused by the server.'}`;
  }
}

function recipients(row: OutboxRow): string {
  const all = [...row.message.to, ...row.message.cc, ...row.message.bcc];
  const first = all[0];
  if (!first) return '';
  return `${first.name || first.address}${all.length > 1 ? ` +${all.length - 1}` : ''}`;
}

export function OutboxIndicator({ onEdit }: { onEdit(row: OutboxRow): void }) {
  const session = useSession();
  const rows = useLiveQuery(() => session.db.outbox.orderBy('id').toArray(), [session]) ?? [];
  const [open, setOpen] = useState(false);
  if (rows.length === 0) return null;
  const failed = rows.some((row) => row.state === 'failed');
  const report = (promise: Promise<unknown>) => void promise.catch((error: unknown) => session.reportError(error));

  const edit = async (row: OutboxRow) => {
    const taken = await session.outbox.takeBack(row.id!);
    if (taken) {
      setOpen(false);
      onEdit(taken);
    }
  };

  return (
    <div className="outbox">
      <button type="button" className={failed ? 'outbox-button failed' : 'outbox-button'} aria-expanded={open} onClick={() => setOpen(!open)}>
        Outbox ({rows.length})
      </button>
      {open && (
        <div className="outbox-panel" role="dialog" aria-label="Outbox">
          <ul>
            {rows.map((row) => (
              <li key={row.id} className={`outbox-item ${row.state}`}>
                <div className="outbox-subject">{row.message.subject || '(no subject)'}</div>
                <div className="muted">To {recipients(row)}</div>
                <div className="outbox-state">{describe(row)}</div>
                {row.state !== 'sending' && (
                  <div className="outbox-actions">
                    {row.state !== 'waiting' && (
                      <button type="button" className="link" onClick={() => report(session.outbox.retryNow(row.id!))}>Retry now</button>
                    )}
                    <button type="button" className="link" onClick={() => report(edit(row))}>Edit</button>
                    <button
                      type="button"
                      className="link"
                      onClick={() => {
                        if (window.confirm('Discard this message? It has not been sent.')) report(session.outbox.discard(row.id!));
                      }}
                    >
                      Discard
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
