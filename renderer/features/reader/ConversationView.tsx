/**
 * The conversation a message belongs to, under it: every cached message of the thread across folders (your
 * replies in Sent included), oldest first, collapsed to one line each. A line expands to the message's text
 * (plain text only: the full, sanitized view is one click away with Open).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { senderLabel } from '../../../shared/domain/formatAddress';
import { useSession } from '../../state/sessionContext';
import { htmlToText } from '../composer/htmlToText';
import { searchIndexFor, type IndexedMessage } from '../search/searchIndex';

export interface MessageTarget {
  accountId: string;
  path: string;
  uid: number;
}

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function useConversation(target: MessageTarget): IndexedMessage[] | null {
  const { db } = useSession();
  const [thread, setThread] = useState<{ key: string; items: IndexedMessage[] } | null>(null);
  const key = `${target.accountId}\u0000${target.path}\u0000${target.uid}`;
  useEffect(() => {
    const index = searchIndexFor(db);
    let live = true;
    const run = () => live && setThread({ key, items: index.conversationOf(target.accountId, target.path, target.uid) });
    void index.ready().then(run);
    const stop = index.onChange(run);
    return () => {
      live = false;
      stop();
    };
  }, [db, key, target.accountId, target.path, target.uid]);
  return thread?.key === key ? thread.items : null;
}

function ConversationEntry({ entry, onOpen }: { entry: IndexedMessage; onOpen(target: MessageTarget): void }) {
  const session = useSession();
  const [open, setOpen] = useState(false);
  const row = useLiveQuery(() => session.db.messages.get([entry.accountId, entry.path, entry.uid]), [session, entry.id]);
  const body = useLiveQuery(() => (open ? session.db.bodies.get([entry.accountId, entry.path, entry.uid]) : undefined), [session, entry.id, open]);
  useEffect(() => {
    if (open) session.loadBody(entry.accountId, entry.path, entry.uid).catch((error: unknown) => session.reportError(error));
  }, [session, open, entry.accountId, entry.path, entry.uid]);
  if (!row) return null;
  const text = body ? (body.text ?? (body.html ? htmlToText(body.html) : '')) : null;
  return (
    <li className={`conversation-entry${open ? ' open' : ''}`}>
      <button type="button" className="conversation-line" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className="sender">{senderLabel(row.from)}</span>
        <span className="badge folder-badge">{entry.folder.path.toUpperCase() === 'INBOX' ? 'Inbox' : entry.folder.name}</span>
        <time className="date" dateTime={new Date(row.date).toISOString()}>{when.format(new Date(row.date))}</time>
      </button>
      {open && (
        <div className="conversation-text">
          {text === null ? <p className="muted">Loading…</p> : <p>{text.slice(0, 20_000) || '(no text)'}</p>}
          <button type="button" className="link" onClick={() => onOpen({ accountId: entry.accountId, path: entry.path, uid: entry.uid })}>Open</button>
        </div>
      )}
    </li>
  );
}

export function ConversationView({ target, onOpen }: { target: MessageTarget; onOpen(target: MessageTarget): void }) {
  const thread = useConversation(target);
  if (!thread || thread.length <= 1) return null;
  const isThis = (entry: IndexedMessage) => entry.accountId === target.accountId && entry.path === target.path && entry.uid === target.uid;
  return (
    <section className="conversation" aria-label="Conversation">
      <h2>{thread.length} messages in this conversation</h2>
      <ol>
        {thread.map((entry) =>
          isThis(entry) ? (
            <li key={entry.id} className="conversation-entry current" aria-current="true">This message</li>
          ) : (
            <ConversationEntry key={entry.id} entry={entry} onOpen={onOpen} />
          ),
        )}
      </ol>
    </section>
  );
}
