import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageHeader } from '../../../shared/contract/messages';
import type { MailboxDelta } from '../../../shared/contract/sync';
import { parseSearchQuery } from '../../../shared/domain/search/parseSearchQuery';
import { applyMailboxDelta } from '../../cache/applyMailboxDelta';
import { openTernDb, type TernDb } from '../../cache/db';
import { replaceAccounts } from '../../cache/replaceAccounts';
import { replaceMailboxes } from '../../cache/replaceMailboxes';
import { SearchIndex } from './searchIndex';

const header = (uid: number, overrides: Partial<MessageHeader> = {}): MessageHeader => ({
  uid,
  messageId: null,
  subject: `Message ${uid}`,
  from: [{ name: `Sender ${uid % 7}`, address: `s${uid % 7}@example.test` }],
  to: [{ name: 'Me', address: 'me@example.test' }],
  cc: [],
  date: 1_700_000_000_000 + uid * 60_000,
  flags: uid % 3 === 0 ? ['\\Seen'] : [],
  size: 100,
  ...overrides,
});

let seq = 0;
const delta = (accountId: string, path: string, changes: Partial<MailboxDelta>): MailboxDelta => ({
  deltaId: ++seq, accountId, path, reset: false, upserts: [], flagUpdates: [], vanished: [], present: null, cursor: null, progress: { done: 0, total: 0 }, ...changes,
});
const box = (accountId: string, path: string, specialUse: 'inbox' | 'trash' | null = null) => ({
  accountId, path, name: path, delimiter: '/', parentPath: null, specialUse, subscribed: true, selectable: true, messages: null, unseen: null,
});

let db: TernDb;
let index: SearchIndex;

/** What a full scan of the database finds for a query, in the index's order: the index must agree. */
async function scan(text: string): Promise<string[]> {
  const fresh = new SearchIndex(db);
  await fresh.ready();
  return fresh.search(parseSearchQuery(text).query).hits.map((hit) => hit.id);
}
const ids = (text: string) => index.search(parseSearchQuery(text).query).hits.map((hit) => hit.id);
/** Lets the index fold in the transactions that just committed. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 30));

beforeEach(async () => {
  db = openTernDb(`search-${++seq}`);
  await replaceAccounts(db, [{ id: 'a', displayName: 'A', email: 'a@x', imap: { host: 'h', port: 1, security: 'tls', username: 'a' }, smtp: { host: 'h', port: 1, security: 'tls', username: 'a' }, identities: [] }]);
  await replaceMailboxes(db, 'a', [box('a', 'INBOX', 'inbox'), box('a', 'Work'), box('a', 'Trash', 'trash')]);
  await applyMailboxDelta(db, delta('a', 'INBOX', { upserts: Array.from({ length: 40 }, (_, i) => header(i + 1)) }));
  index = new SearchIndex(db);
  await index.ready();
});

afterEach(async () => {
  db.close();
  await db.delete();
});

describe('SearchIndex', () => {
  it('finds what a full scan finds, newest first', async () => {
    expect(ids('"sender 3"')).toEqual(await scan('"sender 3"'));
    expect(ids('"sender 3"')).toHaveLength(6);
    const dates = index.search(parseSearchQuery('is:unread').query).hits.map((hit) => hit.date);
    expect(dates).toEqual([...dates].sort((x, y) => y - x));
    expect(dates).toHaveLength(27);
  });

  it('follows every kind of cache change without being told', async () => {
    await applyMailboxDelta(db, delta('a', 'Work', { upserts: [header(5, { subject: 'Budget 2027', date: 1 })] }));
    await applyMailboxDelta(db, delta('a', 'INBOX', { flagUpdates: [{ uid: 1, flags: ['\\Seen', '\\Flagged'] }], vanished: [2, 3] }));
    await applyMailboxDelta(db, delta('a', 'INBOX', { upserts: [header(41, { subject: 'Budget review' })] }));
    await settled();
    expect(ids('budget')).toEqual(['a\u0000INBOX\u000041', 'a\u0000Work\u00005']);
    expect(ids('is:flagged')).toEqual(['a\u0000INBOX\u00001']);
    expect(ids('subject:"message 2"').some((id) => id.endsWith('\u00002'))).toBe(false);
    for (const query of ['', 'is:unread', 'in:work', 'sender 1', '-in:inbox']) expect(ids(query)).toEqual(await scan(query));
  });

  it('drops a folder reset, a folder deleted elsewhere and a removed account', async () => {
    await applyMailboxDelta(db, delta('a', 'Work', { upserts: [header(1), header(2)] }));
    await applyMailboxDelta(db, delta('a', 'INBOX', { reset: true, upserts: [header(100)] }));
    await settled();
    expect(ids('in:inbox')).toEqual(['a\u0000INBOX\u0000100']);
    await replaceMailboxes(db, 'a', [box('a', 'INBOX', 'inbox')]);
    await settled();
    expect(ids('in:work')).toEqual([]);
    await replaceAccounts(db, []);
    await settled();
    expect(index.size).toBe(0);
  });

  it('searches cached bodies, and forgets a body dropped from the cache', async () => {
    await db.bodies.put({ accountId: 'a', path: 'INBOX', uid: 7, text: 'The Café opens at nine', html: null, attachments: [], notice: null, fetchedAt: 1 });
    await settled();
    expect(ids('cafe nine')).toEqual(['a\u0000INBOX\u00007']);
    await db.bodies.delete(['a', 'INBOX', 7]);
    await settled();
    expect(ids('cafe')).toEqual([]);
  });

  it('knows renamed special folders', async () => {
    await replaceMailboxes(db, 'a', [box('a', 'INBOX', 'inbox'), box('a', 'Work', 'trash')]);
    await applyMailboxDelta(db, delta('a', 'Work', { upserts: [header(9)] }));
    await settled();
    expect(ids('in:trash')).toEqual(['a\u0000Work\u00009']);
  });
});
