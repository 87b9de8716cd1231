/**
 * A desktop notification when new mail reaches an Inbox (never for a first sync: see MailSession's NewMail),
 * unless the user turned them off, muted the account, or is looking at that Inbox right now. A click brings
 * the window forward with the message open.
 */
import { useEffect, useRef } from 'react';
import { preferences } from '../../state/preferences';
import { useSession } from '../../state/sessionContext';
import { describeArrival } from './describeArrival';

export interface MessageTarget {
  accountId: string;
  path: string;
  uid: number;
}

export function useNewMailNotifications(onScreen: { accountId: string; path: string } | null, open: (target: MessageTarget) => void): void {
  const session = useSession();
  // The latest values, read when mail arrives, without re-subscribing on every render.
  const latest = useRef({ onScreen, open });
  useEffect(() => {
    latest.current = { onScreen, open };
  });

  useEffect(
    () =>
      session.onNewMail((arrival) => {
        void (async () => {
          const prefs = preferences().get();
          if (!prefs.notifyNewMail || prefs.mutedAccounts.includes(arrival.accountId)) return;
          if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
          const [mailbox, account] = await Promise.all([session.db.mailboxes.get([arrival.accountId, arrival.path]), session.db.accounts.get(arrival.accountId)]);
          if (mailbox?.specialUse !== 'inbox') return;
          const here = latest.current.onScreen;
          if (document.hasFocus() && here?.accountId === arrival.accountId && here.path === arrival.path) return;
          const text = describeArrival(arrival.headers, account?.email ?? '');
          // One notification per account at a time: a newer one replaces it (same tag).
          const notification = new Notification(text.title, { body: text.body, tag: `tern-new-mail-${arrival.accountId}` });
          notification.onclick = () => {
            window.focus();
            latest.current.open({ accountId: arrival.accountId, path: arrival.path, uid: text.uid });
            notification.close();
          };
        })().catch((error: unknown) => session.reportError(error));
      }),
    [session],
  );
}
