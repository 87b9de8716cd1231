/**
 * The folder's order. Newest first is the list's own (read straight from IndexedDB); the others come from the
 * in-memory index, which can sort 100,000 messages by any field without an IndexedDB index per field (each
 * index would slow every synced write). A small menu rather than a <select>, so the message list stays the
 * only list of options on screen.
 */
import { useDismissableMenu } from '../../ui/useDismissableMenu';
import type { SortOrder } from './searchIndex';

export const SORT_LABELS: Record<SortOrder, string> = {
  newest: 'newest first',
  oldest: 'oldest first',
  sender: 'by sender',
  subject: 'by subject',
  largest: 'largest first',
};

interface Props {
  value: SortOrder;
  onChange(order: SortOrder): void;
  grouped: boolean;
  onGroupedChange(grouped: boolean): void;
}

export function SortControl({ value, onChange, grouped, onGroupedChange }: Props) {
  const menuRef = useDismissableMenu();
  const label = `Sort: ${SORT_LABELS[value]}${grouped ? ', by conversation' : ''}`;
  return (
    <details className="sort-control" ref={menuRef}>
      <summary aria-label={label}>{label}</summary>
      <div role="menu" aria-label="Sort messages">
        <button
          type="button"
          role="menuitemcheckbox"
          aria-checked={grouped}
          onClick={() => {
            if (menuRef.current) menuRef.current.open = false;
            onGroupedChange(!grouped);
          }}
        >
          Group by conversation
        </button>
        {(Object.keys(SORT_LABELS) as SortOrder[]).map((order) => (
          <button
            key={order}
            type="button"
            role="menuitemradio"
            aria-checked={order === value}
            onClick={() => {
              if (menuRef.current) menuRef.current.open = false;
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
