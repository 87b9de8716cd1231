/**
 * A message attached to the open one (forwarded mail, message/rfc822), shown nested in a dialog: its own
 * headers and its body with the same safety as any message (sanitized HTML in a sandboxed frame, remote
 * content blocked, a forged-looking sender flagged).
 */
import { useEffect, useMemo, useState } from 'react';
import type { MessageRef } from '../../../shared/contract/api';
import type { AttachedMessage } from '../../../shared/contract/messages';
import { formatAddress } from '../../../shared/domain/formatAddress';
import { senderWarnings } from '../../../shared/domain/senderWarnings';
import { useSession } from '../../state/sessionContext';
import { MessageBodyView } from './MessageBodyView';
import { SenderWarningList } from './SenderWarningList';

const fullDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

export function AttachedMessageView({ source, index, onClose }: { source: MessageRef; index: number; onClose(): void }) {
  const session = useSession();
  const [state, setState] = useState<AttachedMessage | { error: string } | null>(null);

  useEffect(() => {
    let live = true;
    session.client.api.openAttachedMessage({ ...source, index }).then(
      (message) => live && setState(message),
      (error: unknown) => live && setState({ error: (error as Error).message }),
    );
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => {
      live = false;
      window.removeEventListener('keydown', onKey);
    };
  }, [session, source, index, onClose]);

  const message = state && 'body' in state ? state : null;
  const warnings = useMemo(() => (message ? senderWarnings(message.from[0], message.body.replyTo ?? []) : []), [message]);
  return (
    <div className="dialog-backdrop" onClick={(event) => event.target === event.currentTarget && onClose()}>
      <section className="dialog attached-message" role="dialog" aria-modal="true" aria-label="Attached message">
        <div className="attachment-preview-bar">
          <h1>{message ? message.subject || '(no subject)' : 'Attached message'}</h1>
          <button type="button" onClick={onClose} autoFocus>Close</button>
        </div>
        {state === null && <p className="muted">Opening…</p>}
        {state && 'error' in state && <p className="error" role="alert">{state.error}</p>}
        {message && (
          <article className="reader-header nested-message" aria-label="Attached message content">
            <dl>
              <dt>From</dt>
              <dd>{message.from.map(formatAddress).join(', ') || '(no sender)'}</dd>
              {message.to.length > 0 && (<><dt>To</dt><dd>{message.to.map(formatAddress).join(', ')}</dd></>)}
              {message.cc.length > 0 && (<><dt>Cc</dt><dd>{message.cc.map(formatAddress).join(', ')}</dd></>)}
              {message.date !== null && (<><dt>Date</dt><dd>{fullDate.format(new Date(message.date))}</dd></>)}
            </dl>
            <SenderWarningList warnings={warnings} />
            {message.body.notice && <p className="notice" role="note">{message.body.notice}</p>}
            <MessageBodyView body={message.body} sender={message.from[0]?.address || null} senderFlagged={warnings.length > 0} />
            {message.body.attachments.length > 0 && (
              <p className="muted">Attached to it: {message.body.attachments.map((attachment) => attachment.filename || '(unnamed)').join(', ')} (save the message to open these).</p>
            )}
          </article>
        )}
      </section>
    </div>
  );
}
