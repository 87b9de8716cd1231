/** Whether the user chose to always load remote content from this sender (Dexie `trustedSenders`). */
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback } from 'react';
import { useSession } from '../../state/sessionContext';

export interface TrustedSender {
  /** undefined while the cache is being read. */
  trusted: boolean | undefined;
  trust(): Promise<void>;
  untrust(): Promise<void>;
}

export function useTrustedSender(address: string | null): TrustedSender {
  const { db } = useSession();
  const key = address?.trim().toLowerCase() ?? '';
  const row = useLiveQuery(async () => (key ? ((await db.trustedSenders.get(key)) ?? null) : null), [db, key]);
  const trust = useCallback(async () => {
    if (key) await db.trustedSenders.put({ address: key, addedAt: Date.now() });
  }, [db, key]);
  const untrust = useCallback(async () => {
    if (key) await db.trustedSenders.delete(key);
  }, [db, key]);
  return { trusted: row === undefined ? undefined : row !== null, trust, untrust };
}
