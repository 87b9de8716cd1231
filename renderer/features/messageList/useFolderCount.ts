/**
 * How many messages a folder holds, for the list's scroll height. A live query would count the whole folder
 * again after every stored batch — at 100k messages that is 0.2 s per batch, on the same thread that stores
 * them (measured in docs/benchmarks.md) — so this counts at most every COUNT_THROTTLE_MS while writes land.
 * Until the first count of a folder is in, the server's own count (from the folder list) stands in for it, so
 * the first rows are painted without waiting for IndexedDB to count 100,000 keys.
 */
import Dexie from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { folderMessages, type TernDb } from '../../cache/db';

const COUNT_THROTTLE_MS = 400;
/**
 * IndexedDB serves one request at a time here: a count of 100,000 keys started with the folder would hold up
 * the read of its first rows, so the exact count waits until they are on screen (the estimate covers it).
 */
const FIRST_COUNT_DELAY_MS = 300;

export function useFolderCount(db: TernDb, accountId: string, path: string): number | undefined {
  const [count, setCount] = useState<{ key: string; value: number } | null>(null);
  const key = `${accountId}\u0000${path}`;

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const run = () => void folderMessages(db, accountId, path).count().then((value) => live && setCount({ key, value }));
    const onMutated = (parts: Record<string, unknown>) => {
      if (timer || !Object.keys(parts).some((part) => part.includes('/messages/'))) return;
      timer = setTimeout(() => {
        timer = null;
        run();
      }, COUNT_THROTTLE_MS);
    };
    timer = setTimeout(() => {
      timer = null;
      run();
    }, FIRST_COUNT_DELAY_MS);
    Dexie.on('storagemutated', onMutated);
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
      Dexie.on('storagemutated').unsubscribe(onMutated);
    };
  }, [db, accountId, path, key]);

  const estimate = useLiveQuery(async () => (await db.mailboxes.get([accountId, path]))?.messages ?? undefined, [db, accountId, path]);
  return count?.key === key ? count.value : estimate ?? undefined;
}
