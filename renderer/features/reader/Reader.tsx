/**
 * One message: headers from the cache, body from the cache or fetched once. HTML is shown sanitized in a
 * sandboxed frame (HtmlMessageView), with a "Plain text" switch when the message has both; a text-only
 * message is shown as text. Warnings about a forged-looking sender sit in the header.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Address } from '../../../shared/contract/messages';
import { formatAddress } from '../../../shared/domain/formatAddress';
import { senderWarnings } from '../../../shared/domain/senderWarnings';
import { useSession } from '../../state/sessionContext';
import type { MailboxSelection } from '../mailboxes/FolderTree';
import { AttachmentList } from './AttachmentList';
import { ConversationView, type MessageTarget } from './ConversationView';
import { MessageBodyView } from './MessageBodyView';
import { MessageSourceView } from './MessageSourceView';
import { SaveMessageFile } from './SaveMessageFile';
import { SenderWarningList } from './SenderWarningList';

const fullDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });
const NO_ADDRESSES: Address[] = [];

export function Reader({ mailbox, uid, onOpenMessage }: { mailbox: MailboxSelection; uid: number; onOpenMessage?(target: MessageTarget): void }) {
  const session = useSession();
  const { db } = session;
  const { accountId, path } = mailbox;
  const header = useLiveQuery(() => db.messages.get([accountId, path, uid]), [db, accountId, path, uid]);
  const body = useLiveQuery(() => db.bodies.get([accountId, path, uid]), [db, accountId, path, uid]);
  const cursorValidity = useLiveQuery(async () => (await db.cursors.get([accountId, path]))?.uidValidity ?? null, [db, accountId, path]);
  const key = `${accountId}\u0000${path}\u0000${uid}`;
  const [failure, setFailure] = useState<{ key: string; message: string; tooLarge: boolean } | null>(null);
  const error = failure?.key === key ? failure : null;
  const [showSource, setShowSource] = useState<'source' | 'headers' | null>(null);
  const closeSource = useCallback(() => setShowSource(null), []);

  useEffect(() => {
    session.loadBody(accountId, path, uid).catch((e: unknown) => setFailure({ key, message: (e as Error).message, tooLarge: (e as { code?: unknown }).code === 'MESSAGE_TOO_LARGE' }));
  }, [session, accountId, path, uid, key]);

  const from = header?.from[0];
  const replyTo = body?.replyTo ?? NO_ADDRESSES;
  const warnings = useMemo(() => senderWarnings(from, replyTo), [from, replyTo]);

  if (header === undefined) return <article className="reader-pane" aria-busy="true" />;
  if (header === null) return <article className="reader-pane empty"><p>This message is no longer in this folder.</p></article>;

  const otherReplyTo = replyTo.filter((entry) => !header.from.some((sender) => sender.address.toLowerCase() === entry.address.toLowerCase()));
  const isHtml = body !== undefined && body.html !== null;
  return (
    <article className={isHtml ? 'reader-pane reader-pane-html' : 'reader-pane'} aria-label="Message">
      <header className="reader-header">
        <h1 className="reader-subject">{header.subject || '(no subject)'}</h1>
        <dl>
          <dt>From</dt>
          <dd className="reader-from">{header.from.map(formatAddress).join(', ') || '(no sender)'}</dd>
          {otherReplyTo.length > 0 && (<><dt>Reply-To</dt><dd className="reader-reply-to">{otherReplyTo.map(formatAddress).join(', ')}</dd></>)}
          {header.to.length > 0 && (<><dt>To</dt><dd>{header.to.map(formatAddress).join(', ')}</dd></>)}
          {header.cc.length > 0 && (<><dt>Cc</dt><dd>{header.cc.map(formatAddress).join(', ')}</dd></>)}
          <dt>Date</dt>
          <dd><time dateTime={new Date(header.date).toISOString()}>{fullDate.format(new Date(header.date))}</time></dd>
        </dl>
        <SenderWarningList warnings={warnings} />
        <div className="reader-links">
          <button type="button" className="link view-headers" onClick={() => setShowSource('headers')}>All headers</button>
          <button type="button" className="link view-source" onClick={() => setShowSource('source')}>View source</button>
          <SaveMessageFile key={key} message={cursorValidity ? { accountId, path, uid, uidValidity: cursorValidity } : null} />
        </div>
      </header>
      {body?.notice && <p className="notice" role="note">{body.notice}</p>}
      {error && !body && (
        <p className="error" role="alert">
          {error.message}
          {error.tooLarge && ' “Save as file” keeps it whole, to open in another mail program.'}
        </p>
      )}
      {!body && !error && <p className="muted">Loading message…</p>}
      {body && <MessageBodyView key={`body:${key}`} body={body} sender={from?.address || null} senderFlagged={warnings.length > 0} />}
      {showSource && cursorValidity && <MessageSourceView message={{ accountId, path, uid, uidValidity: cursorValidity }} mode={showSource} onClose={closeSource} />}
      {body && body.attachments.length > 0 && <AttachmentList key={`attachments:${key}`} accountId={accountId} path={path} uid={uid} attachments={body.attachments} />}
      {onOpenMessage && <ConversationView target={{ accountId, path, uid }} onOpen={onOpenMessage} />}
    </article>
  );
}
