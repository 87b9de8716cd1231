/**
 * The message list's order (newest first: date, then UID, descending) as IndexedDB queries, so keyboard moves,
 * shift-click ranges and scrolling to a row never need the whole folder in memory.
 */
import Dexie from 'dexie';
import type { MessageRow, TernDb } from '../../cache/db';

type Folder = { accountId: string; path: string };

const after = (row: MessageRow, date: number, uid: number) => row.date < date || (row.date === date && row.uid < uid);
const before = (row: MessageRow, date: number, uid: number) => row.date > date || (row.date === date && row.uid > uid);

/** The row below (`older`) or above (`newer`) the given one in the list, if any. */
export async function neighbour(db: TernDb, { accountId, path }: Folder, uid: number, direction: 'older' | 'newer'): Promise<MessageRow | undefined> {
  const current = await db.messages.get([accountId, path, uid]);
  if (!current) return undefined;
  const index = db.messages.where('[accountId+path+date]');
  if (direction === 'older') {
    return index.between([accountId, path, Dexie.minKey], [accountId, path, current.date], true, true).reverse().filter((row) => after(row, current.date, uid)).first();
  }
  return index.between([accountId, path, current.date], [accountId, path, Dexie.maxKey], true, true).filter((row) => before(row, current.date, uid)).first();
}

/** The first row of the list. */
export function newest(db: TernDb, { accountId, path }: Folder): Promise<MessageRow | undefined> {
  return db.messages.where('[accountId+path+date]').between([accountId, path, Dexie.minKey], [accountId, path, Dexie.maxKey]).last();
}

/** Every UID from one row to another, inclusive, in list order (for shift-click). */
export async function uidsBetween(db: TernDb, { accountId, path }: Folder, fromUid: number, toUid: number): Promise<number[]> {
  const [a, b] = await db.messages.bulkGet([[accountId, path, fromUid], [accountId, path, toUid]]);
  if (!a || !b) return [toUid];
  const [low, high] = a.date <= b.date ? [a, b] : [b, a];
  const rows = await db.messages.where('[accountId+path+date]').between([accountId, path, low.date], [accountId, path, high.date], true, true).toArray();
  return rows
    .filter((row) => !after(row, low.date, low.uid) && !before(row, high.date, high.uid))
    .sort((x, y) => y.date - x.date || y.uid - x.uid)
    .map((row) => row.uid);
}

/** The row's position in the list (0 = newest), to scroll it into view. */
export async function positionOf(db: TernDb, { accountId, path }: Folder, uid: number): Promise<number | null> {
  const row = await db.messages.get([accountId, path, uid]);
  if (!row) return null;
  return db.messages
    .where('[accountId+path+date]')
    .between([accountId, path, row.date], [accountId, path, Dexie.maxKey], true, true)
    .filter((other) => before(other, row.date, uid))
    .count();
}
