/**
 * How many messages a folder holds, for the list's scroll height. A live query would count the whole folder
 * again after every stored batch — at 100k messages that is 0.2 s per batch, and IndexedDB runs it between
 * the sync's own writes, so it lengthens the sync by as much (measured in docs/benchmarks.md). So the count
 * waits until writes to the folder pause for COUNT_QUIET_MS, and runs at least every COUNT_MAX_WAIT_MS
 * during a long sync. Until a count is in, the server's own count (from the folder list) stands in for it, so
 * the first rows are painted without waiting for IndexedDB to count 100,000 keys.
 */
import Dexie from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { folderMessages, type TernDb } from '../../cache/db';

const COUNT_QUIET_MS = 600;
const COUNT_MAX_WAIT_MS = 10_000;
/**
 * IndexedDB serves one request at a time here: a count of 100,000 keys started with the folder would hold up
 * the read of its first rows, so the exact count waits until they are on screen (the estimate covers it).
 */
const FIRST_COUNT_DELAY_MS = 300;

export function useFolderCount(db: TernDb, accountId: string, path: string): number | undefined {
  const [count, setCount] = useState<{ key: string; value: number; stale: boolean } | null>(null);
  const key = `${accountId}\u0000${path}`;

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    /** When the first write not yet counted landed; null when the count is current. */
    let dirtySince: number | null = null;
    const run = () => {
      timer = null;
      dirtySince = null;
      void folderMessages(db, accountId, path).count().then((value) => live && setCount({ key, value, stale: false }));
    };
    const onMutated = (parts: Record<string, unknown>) => {
      if (!Object.keys(parts).some((part) => part.includes('/messages/'))) return;
      const now = Date.now();
      if (dirtySince === null) setCount((last) => (last && !last.stale ? { ...last, stale: true } : last));
      dirtySince ??= now;
      if (timer) clearTimeout(timer);
      timer = setTimeout(run, Math.max(0, Math.min(COUNT_QUIET_MS, dirtySince + COUNT_MAX_WAIT_MS - now)));
    };
    timer = setTimeout(run, FIRST_COUNT_DELAY_MS);
    Dexie.on('storagemutated', onMutated);
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
      Dexie.on('storagemutated').unsubscribe(onMutated);
    };
  }, [db, accountId, path, key]);

  const estimate = useLiveQuery(async () => (await db.mailboxes.get([accountId, path]))?.messages ?? undefined, [db, accountId, path]);
  if (count?.key !== key) return estimate ?? undefined;
  // While writes land uncounted (a sync), the server's count says how far the list will reach.
  return count.stale && estimate !== undefined ? Math.max(count.value, estimate) : count.value;
}
