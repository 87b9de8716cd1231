/** What the app holds for one folder, read straight from its IndexedDB in the page (no app code involved). */
import type { Page } from '@playwright/test';

export interface CacheState {
  rows: number;
  cursor: boolean;
  pendingOps: number;
  snapshot: string[];
}

/** As "uid:flags" lines with `withSnapshot`, like serverSnapshot. */
export function cacheOf(page: Page, path: string, withSnapshot = false): Promise<CacheState> {
  return page.evaluate(
    async ({ path, withSnapshot }) => {
      const request = <T,>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
      if (!(await indexedDB.databases()).some((d) => d.name === 'tern')) return { rows: 0, cursor: false, pendingOps: 0, snapshot: [] };
      const db = await request(indexedDB.open('tern'));
      try {
        const tx = db.transaction(['messages', 'cursors', 'pendingOps'], 'readonly');
        const all = (await request(tx.objectStore('messages').getAll())) as { path: string; uid: number; flags: string[] }[];
        const rows = all.filter((row) => row.path === path);
        const cursors = (await request(tx.objectStore('cursors').getAll())) as { path: string }[];
        const pendingOps = await request(tx.objectStore('pendingOps').count());
        const snapshot = withSnapshot ? rows.sort((a, b) => a.uid - b.uid).map((row) => `${row.uid}:${[...row.flags].sort().join(' ')}`) : [];
        return { rows: rows.length, cursor: cursors.some((c) => c.path === path), pendingOps, snapshot };
      } finally {
        db.close();
      }
    },
    { path, withSnapshot },
  );
}
