/** "View source": the message exactly as the server has it, as plain text in a dialog (nothing is rendered). */
import { useEffect, useState } from 'react';
import type { MessageRef } from '../../../shared/contract/api';
import { useSession } from '../../state/sessionContext';

export function MessageSourceView({ message, onClose }: { message: MessageRef; onClose(): void }) {
  const session = useSession();
  const [state, setState] = useState<{ source: string; truncated: boolean } | { error: string } | null>(null);

  useEffect(() => {
    let live = true;
    session.client.api.fetchMessageSource(message).then(
      (result) => live && setState(result),
      (error: unknown) => live && setState({ error: (error as Error).message }),
    );
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => {
      live = false;
      window.removeEventListener('keydown', onKey);
    };
  }, [session, message, onClose]);

  return (
    <div className="dialog-backdrop" onClick={(event) => event.target === event.currentTarget && onClose()}>
      <section className="dialog message-source" role="dialog" aria-modal="true" aria-label="Message source">
        <div className="attachment-preview-bar">
          <h1>Message source</h1>
          <button type="button" onClick={onClose} autoFocus>Close</button>
        </div>
        {state === null && <p className="muted">Loading…</p>}
        {state && 'error' in state && <p className="error" role="alert">{state.error}</p>}
        {state && 'source' in state && (
          <>
            {state.truncated && <p className="notice">Only the first 2 MB are shown.</p>}
            <pre className="message-source-text">{state.source}</pre>
          </>
        )}
      </section>
    </div>
  );
}
