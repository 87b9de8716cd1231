/** "Sending… Undo" while a message waits out its undo delay; Undo brings it back into the composer. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { OutboxRow } from '../../cache/db';
import { useSession } from '../../state/sessionContext';

export function SendingToast({ onUndo }: { onUndo(row: OutboxRow): void }) {
  const session = useSession();
  const rows = useLiveQuery(() => session.db.outbox.where('state').anyOf('waiting', 'sending').toArray(), [session]) ?? [];
  const [tooLate, setTooLate] = useState(false);
  const waiting = rows.filter((row) => row.state === 'waiting').sort((a, b) => (b.id ?? 0) - (a.id ?? 0));
  if (rows.length === 0) return null;
  const latest = waiting[0];

  const undo = async () => {
    if (!latest?.id) return;
    const row = await session.outbox.takeBack(latest.id);
    if (row) onUndo(row);
    else setTooLate(true);
  };

  return (
    <div className="toast send-toast" role="status" aria-live="polite">
      <span>{rows.length === 1 ? 'Sending…' : `Sending ${rows.length} messages…`}</span>
      {latest && (
        <button type="button" className="link" onClick={() => void undo()}>Undo</button>
      )}
      {tooLate && !latest && <span className="muted">Too late to undo</span>}
    </div>
  );
}
