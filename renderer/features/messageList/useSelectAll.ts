/** Ctrl/Cmd+A selects every message of the open folder (read from the index, newest first). */
import { useEffect } from 'react';
import { useSession } from '../../state/sessionContext';
import type { MailboxSelection } from '../mailboxes/FolderTree';
import { folderMessages } from '../../cache/db';

export function useSelectAll(folder: MailboxSelection | null, select: (uids: number[]) => void): void {
  const { db } = useSession();
  useEffect(() => {
    if (!folder) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      if (event.key.toLowerCase() !== 'a' || !(event.ctrlKey || event.metaKey) || event.altKey) return;
      event.preventDefault();
      void folderMessages(db, folder.accountId, folder.path)
        .primaryKeys()
        .then((keys) => select(keys.map((key) => key[2]).reverse()));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [db, folder, select]);
}
