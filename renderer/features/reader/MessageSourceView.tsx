/**
 * "View source" (the message exactly as the server has it) and "All headers" (its header fields, unfolded,
 * as sent) as plain text in a dialog: nothing is rendered.
 */
import { useEffect, useState } from 'react';
import type { MessageRef } from '../../../shared/contract/api';
import { headerFields } from '../../../shared/domain/headerFields';
import { useSession } from '../../state/sessionContext';

export function MessageSourceView({ message, mode, onClose }: { message: MessageRef; mode: 'source' | 'headers'; onClose(): void }) {
  const title = mode === 'source' ? 'Message source' : 'All headers';
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
      <section className="dialog message-source" role="dialog" aria-modal="true" aria-label={title}>
        <div className="attachment-preview-bar">
          <h1>{title}</h1>
          <button type="button" onClick={onClose} autoFocus>Close</button>
        </div>
        {state === null && <p className="muted">Loading…</p>}
        {state && 'error' in state && <p className="error" role="alert">{state.error}</p>}
        {state && 'source' in state && mode === 'headers' && (
          <table className="all-headers">
            <tbody>
              {headerFields(state.source).map((field, i) => (
                <tr key={i}>
                  <th scope="row">{field.name}</th>
                  <td>{field.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {state && 'source' in state && mode === 'source' && (
          <>
            {state.truncated && <p className="notice">Only the first 2 MB are shown.</p>}
            <pre className="message-source-text">{state.source}</pre>
          </>
        )}
      </section>
    </div>
  );
}
