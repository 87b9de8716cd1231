import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageHeader } from '../../shared/contract/messages';
import { openTernDb, type TernDb } from '../cache/db';
import { BodyPrefetcher, enforceBudget } from './bodyPrefetch';
import { DEFAULT_PREFERENCES, preferences } from './preferences';

const DAY = 86_400_000;
let db: TernDb;
let n = 0;

const header = (uid: number, daysAgo: number, size = 10_000): MessageHeader & { accountId: string; path: string } => ({
  accountId: 'a', path: 'INBOX', uid, messageId: null, subject: `m${uid}`, from: [], to: [], cc: [], date: Date.now() - daysAgo * DAY, flags: [], size,
});
const body = (uid: number) => ({ accountId: 'a', path: 'INBOX', uid, text: `body ${uid}`, html: null, attachments: [], notice: null, fetchedAt: Date.now() });

beforeEach(async () => {
  db = openTernDb(`prefetch-${++n}`);
  preferences().set(DEFAULT_PREFERENCES);
  await db.messages.bulkPut([header(1, 60), header(2, 40), header(3, 20), header(4, 10), header(5, 2), header(6, 1, 3_000_000), header(7, 0)]);
  await db.bodies.put(body(4));
});

afterEach(async () => {
  db.close();
  await db.delete();
});

function prefetcher(online = () => true) {
  const asked: number[] = [];
  const fetcher = new BodyPrefetcher(
    {
      db,
      isOnline: online,
      loadBody: async (_account, _path, uid) => {
        asked.push(uid);
        await db.bodies.put(body(uid));
      },
    },
    async () => undefined,
  );
  return { fetcher, asked };
}

describe('BodyPrefetcher', () => {
  it('fetches recent bodies not yet cached, newest first, skipping huge messages and old mail', async () => {
    const { fetcher, asked } = prefetcher();
    fetcher.schedule('a', 'INBOX');
    await fetcher.idle();
    expect(asked).toEqual([7, 5, 3]);
  });

  it('does nothing when offline reading ahead is off, or the account is offline', async () => {
    preferences().set({ offlineDays: 0 });
    const off = prefetcher();
    off.fetcher.schedule('a', 'INBOX');
    await off.fetcher.idle();
    expect(off.asked).toEqual([]);
    preferences().set({ offlineDays: 30 });
    const offline = prefetcher(() => false);
    offline.fetcher.schedule('a', 'INBOX');
    await offline.fetcher.idle();
    expect(offline.asked).toEqual([]);
  });

  it('keeps the cached bodies within the budget, dropping the oldest mail first', async () => {
    await db.bodies.bulkPut([body(1), body(2), body(3), body(5)]);
    // Five bodies of 10,000 bytes each; room for three.
    expect(await enforceBudget(db, 30_000)).toBe(2);
    expect(((await db.bodies.toCollection().primaryKeys()) as [string, string, number][]).map((key) => key[2]).sort()).toEqual([3, 4, 5]);
    expect(await enforceBudget(db, 30_000)).toBe(0);
  });
});
