/** j / k (or ↓ / ↑) move through the list, opening each message; Escape closes it. Ignored while typing. */
import { useEffect } from 'react';
import { useSession } from '../../state/sessionContext';
import type { MailboxSelection } from '../mailboxes/FolderTree';
import { neighbour, newest } from './listOrder';

export function useListKeys(folder: MailboxSelection | null, openUid: number | null, open: (uid: number) => void, close: () => void): void {
  const { db } = useSession();
  useEffect(() => {
    if (!folder) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      const direction = event.key === 'j' || event.key === 'ArrowDown' ? 'older' : event.key === 'k' || event.key === 'ArrowUp' ? 'newer' : null;
      if (event.key === 'Escape') return close();
      if (!direction) return;
      event.preventDefault();
      const next = openUid === null ? newest(db, folder) : neighbour(db, folder, openUid, direction);
      void next.then((row) => row && open(row.uid));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [db, folder, openUid, open, close]);
}
