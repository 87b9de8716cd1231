/**
 * "(3) Tern": unread mail in every account's Inbox, in the window title — and, in the desktop app, on the
 * dock/taskbar badge and the tray, which main draws.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import type { TernClient } from '../../shared/ipc/createClient';
import type { TernDb } from '../cache/db';

export function useWindowTitle(db: TernDb, client: TernClient): void {
  const unread = useLiveQuery(async () => {
    const mailboxes = await db.mailboxes.toArray();
    return mailboxes.filter((mailbox) => mailbox.specialUse === 'inbox').reduce((sum, mailbox) => sum + (mailbox.unseen ?? 0), 0);
  }, [db]);
  useEffect(() => {
    document.title = unread ? `(${unread}) Tern` : 'Tern';
    if (unread !== undefined) client.api.setUnreadCount({ count: unread }).catch(() => undefined);
  }, [unread, client]);
}
