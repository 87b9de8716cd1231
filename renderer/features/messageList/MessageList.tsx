/**
 * The open folder's messages, newest first, from the cache. Virtualized: only the visible rows are read from
 * IndexedDB and rendered, so a huge folder costs no more than a small one.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import Dexie from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef } from 'react';
import { usePreferences } from '../../state/preferences';
import { useSession } from '../../state/sessionContext';
import { ROW_HEIGHTS } from '../../ui/applyDensity';
import type { MailboxSelection } from '../mailboxes/FolderTree';
import { positionOf } from './listOrder';
import { useFolderCount } from './useFolderCount';
import { MessageRowContent } from './MessageRowContent';


export type SelectMode = 'only' | 'toggle' | 'range';

/** The drag payload for messages dropped on a folder. */
export const MESSAGES_DRAG_TYPE = 'application/x-tern-messages';

interface Props {
  mailbox: MailboxSelection;
  selectedUids: number[];
  onSelect(uid: number, mode: SelectMode): void;
}

export function MessageList({ mailbox, selectedUids, onSelect }: Props) {
  const { db } = useSession();
  const rowHeight = ROW_HEIGHTS[usePreferences().density];
  const { accountId, path } = mailbox;
  const scrollRef = useRef<HTMLDivElement>(null);
  const byDate = () => db.messages.where('[accountId+path+date]').between([accountId, path, Dexie.minKey], [accountId, path, Dexie.maxKey]);

  const count = useFolderCount(db, accountId, path);
  const cursor = useLiveQuery(() => db.cursors.get([accountId, path]), [db, accountId, path]);
  const virtualizer = useVirtualizer({ count: count ?? 0, getScrollElement: () => scrollRef.current, estimateSize: () => rowHeight, overscan: 10 });
  // A density change re-measures every row at the new height.
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);
  const items = virtualizer.getVirtualItems();
  const start = items[0]?.index ?? 0;
  const end = (items[items.length - 1]?.index ?? 0) + 1;
  // Tagged with their folder: while another folder's query runs, the last folder's rows must not show (a click
  // on one would open the same UID in the new folder).
  const folderKey = `${accountId}\u0000${path}`;
  const tagged = useLiveQuery(async () => ({ folderKey, rows: await byDate().reverse().offset(start).limit(Math.max(end - start, 1)).toArray() }), [db, accountId, path, start, end]);
  const rows = tagged?.folderKey === folderKey ? tagged.rows : undefined;
  const selected = new Set(selectedUids);

  // Keep the message moved to with the keyboard in view.
  const focusUid = selectedUids.length === 1 ? selectedUids[0] : undefined;
  useEffect(() => {
    if (focusUid === undefined) return;
    let live = true;
    void positionOf(db, { accountId, path }, focusUid).then((index) => {
      if (live && index !== null) virtualizer.scrollToIndex(index, { align: 'auto' });
    });
    return () => {
      live = false;
    };
  }, [db, accountId, path, focusUid, virtualizer]);

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
        <div role="listbox" aria-label="Message list" aria-multiselectable="true" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const message = rows?.[item.index - start];
            if (!message) return null;
            const unread = !message.flags.includes('\\Seen');
            const isSelected = selected.has(message.uid);
            return (
              <div
                key={message.uid}
                role="option"
                aria-selected={isSelected}
                tabIndex={0}
                className={`message-row${unread ? ' unread' : ''}${isSelected ? ' selected' : ''}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: rowHeight, transform: `translateY(${item.start}px)` }}
                onClick={(event) => onSelect(message.uid, event.shiftKey ? 'range' : event.ctrlKey || event.metaKey ? 'toggle' : 'only')}
                onKeyDown={(event) => event.key === 'Enter' && onSelect(message.uid, 'only')}
                draggable
                onDragStart={(event) => {
                  const uids = selected.has(message.uid) ? selectedUids : [message.uid];
                  event.dataTransfer.setData(MESSAGES_DRAG_TYPE, JSON.stringify({ accountId, path, uids }));
                  event.dataTransfer.effectAllowed = 'move';
                }}
                data-uid={message.uid}
              >
                <MessageRowContent message={message} />
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
