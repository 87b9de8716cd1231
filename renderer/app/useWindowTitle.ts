/** "(3) Tern": unread mail in every account's Inbox, in the window title (and so the taskbar). */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import type { TernDb } from '../cache/db';

export function useWindowTitle(db: TernDb): void {
  const unread = useLiveQuery(async () => {
    const mailboxes = await db.mailboxes.toArray();
    return mailboxes.filter((mailbox) => mailbox.specialUse === 'inbox').reduce((sum, mailbox) => sum + (mailbox.unseen ?? 0), 0);
  }, [db]);
  useEffect(() => {
    document.title = unread ? `(${unread}) Tern` : 'Tern';
  }, [unread]);
}
