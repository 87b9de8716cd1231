/**
 * Search results and smart folders (all inboxes, unread, flagged) in the list pane: virtualized like a
 * folder, each row naming the folder it lives in, server-only finds marked, and a status line saying what was
 * searched and how long it took. j / k move through the results while the search box is not focused.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef } from 'react';
import { usePreferences } from '../../state/preferences';
import { useSession } from '../../state/sessionContext';
import { ROW_HEIGHTS } from '../../ui/applyDensity';
import type { SortOrder } from './searchIndex';
import { useSearchResults, type ResultItem, type ServerSearchState } from './useSearchResults';
import { MessageRowContent } from '../messageList/MessageRowContent';


export interface OpenResult {
  accountId: string;
  path: string;
  uid: number;
}

interface Props {
  /** What to search for (the box's text, or a smart folder's fixed query). */
  text: string;
  /** A title instead of the "N results" line (smart folders). */
  title?: string;
  /** The folder on screen: where the server is searched when the query names none. */
  scope: { accountId: string; path: string } | null;
  server: boolean;
  /** Another order than newest first, and whether to keep to `scope` (a folder sorted by something else). */
  order?: SortOrder;
  onlyScope?: boolean;
  /** One row per conversation, with its size. */
  grouped?: boolean;
  open: OpenResult | null;
  onOpen(result: OpenResult | null): void;
  emptyText: string;
}

function serverLine(server: ServerSearchState): string | null {
  const where = server.folders.join(', ');
  switch (server.state) {
    case 'waiting':
    case 'searching':
      return `Searching ${where} on the server…`;
    case 'done':
      return `${server.total} on the server in ${where}`;
    case 'failed':
      return server.message;
    case 'off':
      return server.message;
  }
}

const sameResult = (a: OpenResult | null, b: ResultItem) => a !== null && a.accountId === b.accountId && a.path === b.path && a.uid === b.uid;

export function SearchResults({ text, title, scope, server, order, onlyScope, grouped, open, onOpen, emptyText }: Props) {
  const { db } = useSession();
  const rowHeight = ROW_HEIGHTS[usePreferences().density];
  const results = useSearchResults(text, scope, { server, ...(order ? { order } : {}), ...(onlyScope ? { onlyScope } : {}), ...(grouped ? { grouped } : {}) });
  const items = results.items;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: items?.length ?? 0, getScrollElement: () => scrollRef.current, estimateSize: () => rowHeight, overscan: 10 });
  // A density change re-measures every row at the new height.
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);
  const visible = virtualizer.getVirtualItems();
  const slice = items ? visible.map((row) => items[row.index]).filter((item): item is ResultItem => item !== undefined) : [];
  const sliceKey = slice.map((item) => item.id).join('\u0001');
  // Tagged with the slice they were read for: rows of the previous slice must never pair with new items.
  const tagged = useLiveQuery(async () => ({ sliceKey, rows: await db.messages.bulkGet(slice.map((item) => [item.accountId, item.path, item.uid] as [string, string, number])) }), [db, sliceKey]);
  const rows = tagged?.sliceKey === sliceKey ? tagged.rows : undefined;
  const folders = useLiveQuery(async () => new Map((await db.mailboxes.toArray()).map((box) => [`${box.accountId}\u0000${box.path}`, box.name])), [db]);
  const accounts = useLiveQuery(() => db.accounts.toArray(), [db]);
  const manyAccounts = (accounts?.length ?? 0) > 1;
  const accountName = (id: string) => accounts?.find((account) => account.id === id)?.email ?? '';

  // j / k (and the arrows) move through the results; the box keeps its keys while typing.
  useEffect(() => {
    if (!items) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      const step = event.key === 'j' || event.key === 'ArrowDown' ? 1 : event.key === 'k' || event.key === 'ArrowUp' ? -1 : 0;
      if (event.key === 'Escape' && open) return onOpen(null);
      if (step === 0 || items.length === 0) return;
      event.preventDefault();
      const at = items.findIndex((item) => sameResult(open, item));
      const next = items[at < 0 ? 0 : Math.min(items.length - 1, Math.max(0, at + step))];
      if (next) {
        onOpen({ accountId: next.accountId, path: next.path, uid: next.uid });
        virtualizer.scrollToIndex(items.indexOf(next), { align: 'auto' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, open, onOpen, virtualizer]);

  const summary = title ?? (items === null ? 'Searching cached mail…' : `${results.localCount} in cached mail (${results.elapsedMs < 1 ? '<1' : Math.round(results.elapsedMs)} ms)`);
  const serverText = serverLine(results.server);

  return (
    <section className="list-pane" aria-label={title ?? 'Search results'}>
      <div className="results-status" role="status">
        <span>{summary}</span>
        {serverText && <span className={`server-search ${results.server.state}`}>{serverText}</span>}
        {results.problems.map((problem) => (
          <span key={problem} className="search-problem">{problem}</span>
        ))}
      </div>
      {items !== null && items.length === 0 && results.server.state !== 'searching' && results.server.state !== 'waiting' ? (
        <div className="empty"><p>{emptyText}</p></div>
      ) : (
        <div className="list-scroll" ref={scrollRef}>
          <div role="listbox" aria-label={title ?? 'Search results'} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {visible.map((row, i) => {
              const item = items?.[row.index];
              const message = rows?.[i] ?? (item?.header ? { ...item.header, accountId: item.accountId, path: item.path } : undefined);
              if (!item || !message) return null;
              const unread = !message.flags.includes('\\Seen');
              const selected = sameResult(open, item);
              const threadSize = results.threadSizes?.get(item.id);
              const folderName = item.path.toUpperCase() === 'INBOX' ? 'Inbox' : (folders?.get(`${item.accountId}\u0000${item.path}`) ?? item.path);
              return (
                <div
                  key={item.id}
                  role="option"
                  aria-selected={selected}
                  tabIndex={0}
                  className={`message-row${unread ? ' unread' : ''}${selected ? ' selected' : ''}`}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: rowHeight, transform: `translateY(${row.start}px)` }}
                  onClick={() => onOpen({ accountId: item.accountId, path: item.path, uid: item.uid })}
                  onKeyDown={(event) => event.key === 'Enter' && onOpen({ accountId: item.accountId, path: item.path, uid: item.uid })}
                  data-uid={item.uid}
                >
                  <MessageRowContent
                    message={message}
                    afterSender={threadSize ? <span className="thread-count" aria-label={`${threadSize} messages in this conversation`}>{threadSize}</span> : null}
                    extra={
                      <>
                        {item.fromServer && <span className="badge server-badge" title="Found by the server's search; its text is not cached yet">server</span>}
                        <span className="badge folder-badge">{manyAccounts ? `${folderName} · ${accountName(item.accountId)}` : folderName}</span>
                      </>
                    }
                  />
                </div>
              );
            })}
          </div>
        </div>
      )}
    </section>
  );
}
