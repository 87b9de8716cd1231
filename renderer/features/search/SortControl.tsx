/**
 * The folder's order. Newest first is the list's own (read straight from IndexedDB); the others come from the
 * in-memory index, which can sort 100,000 messages by any field without an IndexedDB index per field (each
 * index would slow every synced write). A small menu rather than a <select>, so the message list stays the
 * only list of options on screen.
 */
import { useRef } from 'react';
import type { SortOrder } from './searchIndex';

export const SORT_LABELS: Record<SortOrder, string> = {
  newest: 'newest first',
  oldest: 'oldest first',
  sender: 'by sender',
  subject: 'by subject',
  largest: 'largest first',
};

export function SortControl({ value, onChange }: { value: SortOrder; onChange(order: SortOrder): void }) {
  const menu = useRef<HTMLDetailsElement>(null);
  return (
    <details className="sort-control" ref={menu}>
      <summary aria-label={`Sort: ${SORT_LABELS[value]}`}>Sort: {SORT_LABELS[value]}</summary>
      <div role="menu" aria-label="Sort messages">
        {(Object.keys(SORT_LABELS) as SortOrder[]).map((order) => (
          <button
            key={order}
            type="button"
            role="menuitemradio"
            aria-checked={order === value}
            onClick={() => {
              if (menu.current) menu.current.open = false;
              onChange(order);
            }}
          >
            {SORT_LABELS[order]}
          </button>
        ))}
      </div>
    </details>
  );
}
