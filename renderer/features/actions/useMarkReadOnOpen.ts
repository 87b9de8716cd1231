/**
 * Opening a message marks it read through the normal action (queued, offline-safe), after a short delay so
 * skimming past with the keyboard does not mark everything read. Fetching a body never marks it (BODY.PEEK).
 */
import { useEffect } from 'react';
import { useSession } from '../../state/sessionContext';
import { setFlag } from './messageCommands';

export const MARK_READ_DELAY_MS = 800;

export function useMarkReadOnOpen(open: { accountId: string; path: string; uid: number } | null): void {
  const session = useSession();
  const accountId = open?.accountId;
  const path = open?.path;
  const uid = open?.uid;
  useEffect(() => {
    if (accountId === undefined || path === undefined || uid === undefined) return;
    const timer = setTimeout(() => {
      void (async () => {
        const message = await session.db.messages.get([accountId, path, uid]);
        if (message && !message.flags.includes('\\Seen')) await setFlag(session, { accountId, path, uids: [uid] }, '\\Seen', true);
      })().catch((error: unknown) => session.reportError(error));
    }, MARK_READ_DELAY_MS);
    return () => clearTimeout(timer);
  }, [session, accountId, path, uid]);
}
