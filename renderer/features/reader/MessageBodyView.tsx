/**
 * A message's body as the reader shows it: the HTML sanitized in a sandboxed frame (HtmlMessageView), with a
 * "Plain text" switch when the message has both, or the text alone. Used for the open message and for a
 * message attached to it.
 */
import { useState } from 'react';
import type { MessageBody } from '../../../shared/contract/messages';
import { HtmlMessageView } from './HtmlMessageView';

export function MessageBodyView({ body, sender, senderFlagged }: { body: MessageBody; sender: string | null; senderFlagged: boolean }) {
  const [view, setView] = useState<'html' | 'text'>('html');
  const hasHtml = body.html !== null && body.html.trim() !== '';
  const hasText = body.text !== null;
  const showHtml = hasHtml && (view === 'html' || !hasText);
  return (
    <>
      {hasHtml && hasText && (
        <div className="reader-view-switch" role="group" aria-label="Message format">
          <button type="button" aria-pressed={view === 'html'} onClick={() => setView('html')}>HTML</button>
          <button type="button" aria-pressed={view === 'text'} onClick={() => setView('text')}>Plain text</button>
        </div>
      )}
      {showHtml ? (
        <HtmlMessageView html={body.html ?? ''} inlineParts={body.inlineParts} sender={sender} senderFlagged={senderFlagged} />
      ) : (
        <div className="reader-body">{body.text || <span className="muted">(This message has no text.)</span>}</div>
      )}
    </>
  );
}
