/**
 * Opening a message marks it read through the normal action (queued, offline-safe), after a delay (a
 * preference, 0.8 s by default) so skimming past with the keyboard does not mark everything read — or never,
 * if the user says so. Fetching a body never marks it (BODY.PEEK).
 */
import { useEffect } from 'react';
import { usePreferences } from '../../state/preferences';
import { useSession } from '../../state/sessionContext';
import { setFlag } from './messageCommands';

export function useMarkReadOnOpen(open: { accountId: string; path: string; uid: number } | null): void {
  const session = useSession();
  const accountId = open?.accountId;
  const path = open?.path;
  const uid = open?.uid;
  const delayMs = usePreferences().markReadDelayMs;
  useEffect(() => {
    if (accountId === undefined || path === undefined || uid === undefined || delayMs < 0) return;
    const timer = setTimeout(() => {
      void (async () => {
        const message = await session.db.messages.get([accountId, path, uid]);
        if (message && !message.flags.includes('\\Seen')) await setFlag(session, { accountId, path, uids: [uid] }, '\\Seen', true);
      })().catch((error: unknown) => session.reportError(error));
    }, delayMs);
    return () => clearTimeout(timer);
  }, [session, accountId, path, uid, delayMs]);
}
