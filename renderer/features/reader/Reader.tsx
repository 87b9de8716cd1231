/**
 * One message: headers from the cache, body from the cache or fetched once. Only the text body is shown for
 * now; an HTML-only message is reduced to its text by an inert DOMParser document (no script, no request).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { formatAddress } from '../../../shared/domain/formatAddress';
import { formatSize } from '../../../shared/domain/formatSize';
import { useSession } from '../../state/sessionContext';
import type { MailboxSelection } from '../mailboxes/FolderTree';

const fullDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

function htmlToText(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  doc.querySelectorAll('script, style, head').forEach((node) => node.remove());
  return (doc.body?.innerText ?? doc.body?.textContent ?? '').trim();
}

export function Reader({ mailbox, uid }: { mailbox: MailboxSelection; uid: number }) {
  const session = useSession();
  const { db } = session;
  const { accountId, path } = mailbox;
  const header = useLiveQuery(() => db.messages.get([accountId, path, uid]), [db, accountId, path, uid]);
  const body = useLiveQuery(() => db.bodies.get([accountId, path, uid]), [db, accountId, path, uid]);
  const key = `${accountId}\u0000${path}\u0000${uid}`;
  const [failure, setFailure] = useState<{ key: string; message: string } | null>(null);
  const error = failure?.key === key ? failure.message : null;

  useEffect(() => {
    session.loadBody(accountId, path, uid).catch((e: unknown) => setFailure({ key, message: (e as Error).message }));
  }, [session, accountId, path, uid, key]);

  if (header === undefined) return <article className="reader-pane" aria-busy="true" />;
  if (header === null) return <article className="reader-pane empty"><p>This message is no longer in this folder.</p></article>;

  const text = body ? (body.text ?? (body.html ? htmlToText(body.html) : '')) : null;
  return (
    <article className="reader-pane" aria-label="Message">
      <header className="reader-header">
        <h1 className="reader-subject">{header.subject || '(no subject)'}</h1>
        <dl>
          <dt>From</dt>
          <dd className="reader-from">{header.from.map(formatAddress).join(', ') || '(no sender)'}</dd>
          {header.to.length > 0 && (<><dt>To</dt><dd>{header.to.map(formatAddress).join(', ')}</dd></>)}
          {header.cc.length > 0 && (<><dt>Cc</dt><dd>{header.cc.map(formatAddress).join(', ')}</dd></>)}
          <dt>Date</dt>
          <dd><time dateTime={new Date(header.date).toISOString()}>{fullDate.format(new Date(header.date))}</time></dd>
        </dl>
      </header>
      {body?.notice && <p className="notice" role="note">{body.notice}</p>}
      {error && !body && <p className="error" role="alert">{error}</p>}
      {text === null && !error && <p className="muted">Loading message…</p>}
      {text !== null && <div className="reader-body">{text || <span className="muted">(This message has no text.)</span>}</div>}
      {body && body.attachments.length > 0 && (
        <ul className="attachments" aria-label="Attachments">
          {body.attachments.map((attachment, index) => (
            <li key={index}>
              {attachment.filename || '(unnamed)'} <span className="muted">{attachment.mimeType}, {formatSize(attachment.size)}</span>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
