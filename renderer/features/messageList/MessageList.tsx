/**
 * The open folder's messages, newest first, from the cache. Virtualized: only the visible rows are read from
 * IndexedDB and rendered, so a huge folder costs no more than a small one.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import Dexie from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import { useRef } from 'react';
import { senderLabel } from '../../../shared/domain/formatAddress';
import { useSession } from '../../state/sessionContext';
import type { MailboxSelection } from '../mailboxes/FolderTree';

const ROW_HEIGHT = 56;
const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const yearFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

function shortDate(epoch: number, now = new Date()): string {
  const date = new Date(epoch);
  if (date.toDateString() === now.toDateString()) return timeFormat.format(date);
  if (date.getFullYear() === now.getFullYear()) return dayFormat.format(date);
  return yearFormat.format(date);
}

interface Props {
  mailbox: MailboxSelection;
  selectedUid: number | null;
  onOpen(uid: number): void;
}

export function MessageList({ mailbox, selectedUid, onOpen }: Props) {
  const { db } = useSession();
  const { accountId, path } = mailbox;
  const scrollRef = useRef<HTMLDivElement>(null);
  const byDate = () => db.messages.where('[accountId+path+date]').between([accountId, path, Dexie.minKey], [accountId, path, Dexie.maxKey]);

  const count = useLiveQuery(() => db.messages.where('[accountId+path]').equals([accountId, path]).count(), [db, accountId, path]);
  const cursor = useLiveQuery(() => db.cursors.get([accountId, path]), [db, accountId, path]);
  const virtualizer = useVirtualizer({ count: count ?? 0, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const items = virtualizer.getVirtualItems();
  const start = items[0]?.index ?? 0;
  const end = (items[items.length - 1]?.index ?? 0) + 1;
  const rows = useLiveQuery(() => byDate().reverse().offset(start).limit(Math.max(end - start, 1)).toArray(), [db, accountId, path, start, end]);

  if (count === 0) {
    return (
      <section className="list-pane empty" aria-label="Messages">
        <p>{cursor ? 'No messages in this folder.' : 'Syncing this folder…'}</p>
      </section>
    );
  }

  return (
    <section className="list-pane" aria-label="Messages">
      <div className="list-scroll" ref={scrollRef}>
        <div role="listbox" aria-label="Message list" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const message = rows?.[item.index - start];
            if (!message) return null;
            const unread = !message.flags.includes('\\Seen');
            const flagged = message.flags.includes('\\Flagged');
            const isSelected = message.uid === selectedUid;
            return (
              <div
                key={message.uid}
                role="option"
                aria-selected={isSelected}
                tabIndex={0}
                className={`message-row${unread ? ' unread' : ''}${isSelected ? ' selected' : ''}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                onClick={() => onOpen(message.uid)}
                onKeyDown={(event) => event.key === 'Enter' && onOpen(message.uid)}
                data-uid={message.uid}
              >
                <div className="row-top">
                  {unread && <span className="unread-dot" aria-label="Unread" />}
                  <span className="sender">{senderLabel(message.from)}</span>
                  {flagged && <span className="flag" aria-label="Flagged">★</span>}
                  <time className="date" dateTime={new Date(message.date).toISOString()}>{shortDate(message.date)}</time>
                </div>
                <div className="subject">{message.subject || '(no subject)'}</div>
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
