import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTernDb, type TernDb } from '../../cache/db';
import { neighbour, newest, positionOf, uidsBetween } from './listOrder';

let db: TernDb;
let n = 0;
const folder = { accountId: 'a', path: 'INBOX' };
// uid → date; 4 and 5 share a date (ties go by UID, newest first).
const dates: Record<number, number> = { 1: 100, 2: 300, 3: 200, 4: 400, 5: 400, 6: 50 };

beforeEach(async () => {
  db = openTernDb(`order-${n++}`);
  await db.messages.bulkPut(Object.entries(dates).map(([uid, date]) => ({ accountId: 'a', path: 'INBOX', uid: Number(uid), date, messageId: null, subject: '', from: [], to: [], cc: [], flags: [], size: 0 })));
  await db.messages.put({ accountId: 'a', path: 'Other', uid: 9, date: 250, messageId: null, subject: '', from: [], to: [], cc: [], flags: [], size: 0 });
});
afterEach(() => db.delete());

describe('list order queries', () => {
  it('walk the list newest first, ties by UID, without leaving the folder', async () => {
    const order: number[] = [];
    let row = await newest(db, folder);
    while (row) {
      order.push(row.uid);
      row = await neighbour(db, folder, row.uid, 'older');
    }
    expect(order).toEqual([5, 4, 2, 3, 1, 6]);
    expect((await neighbour(db, folder, 4, 'newer'))?.uid).toBe(5);
    expect(await neighbour(db, folder, 5, 'newer')).toBeUndefined();
  });

  it('give ranges and positions in that order', async () => {
    expect(await uidsBetween(db, folder, 4, 1)).toEqual([4, 2, 3, 1]);
    expect(await uidsBetween(db, folder, 1, 4)).toEqual([4, 2, 3, 1]);
    expect(await positionOf(db, folder, 5)).toBe(0);
    expect(await positionOf(db, folder, 3)).toBe(3);
  });
});
