import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageHeader } from '../../shared/contract/messages';
import type { MailboxDelta } from '../../shared/contract/sync';
import { applyMailboxDelta } from './applyMailboxDelta';
import { folderMessages, openTernDb, type TernDb } from './db';

const header = (uid: number, flags: string[] = []): MessageHeader => ({
  uid,
  messageId: `<m${uid}@test>`,
  subject: `Message ${uid}`,
  from: [{ name: 'Sender', address: 's@example.test' }],
  to: [],
  cc: [],
  date: 1_700_000_000_000 + uid * 1000,
  flags,
  size: 100,
});

const delta = (overrides: Partial<MailboxDelta>): MailboxDelta => ({
  deltaId: 1,
  accountId: 'acc',
  path: 'INBOX',
  reset: false,
  upserts: [],
  flagUpdates: [],
  vanished: [],
  present: null,
  cursor: null,
  progress: { done: 0, total: 0 },
  ...overrides,
});

let db: TernDb;
let n = 0;
beforeEach(async () => {
  db = openTernDb(`test-${n++}`);
  await db.open();
});
afterEach(() => db.delete());

const uids = async (path = 'INBOX') => (await folderMessages(db, 'acc', path).toArray()).map((m) => m.uid).sort((a, b) => a - b);

describe('applyMailboxDelta', () => {
  it('stores rows and the cursor together, and a replay changes nothing', async () => {
    const last = delta({ upserts: [header(1), header(2, ['\\Seen'])], cursor: { uidValidity: '7', uidNext: 3, highestModseq: '10' } });
    await applyMailboxDelta(db, last);
    await applyMailboxDelta(db, last);
    expect(await uids()).toEqual([1, 2]);
    expect(await db.cursors.get(['acc', 'INBOX'])).toMatchObject({ uidValidity: '7', uidNext: 3, highestModseq: '10' });
  });

  it('applies flag changes and removes vanished messages with their bodies', async () => {
    await applyMailboxDelta(db, delta({ upserts: [header(1), header(2), header(3)] }));
    await db.bodies.put({ accountId: 'acc', path: 'INBOX', uid: 2, text: 'x', html: null, attachments: [], notice: null, fetchedAt: 0 });
    await applyMailboxDelta(db, delta({ flagUpdates: [{ uid: 1, flags: ['\\Flagged'] }, { uid: 99, flags: ['\\Seen'] }], vanished: [2] }));
    expect(await uids()).toEqual([1, 3]);
    expect((await db.messages.get(['acc', 'INBOX', 1]))?.flags).toEqual(['\\Flagged']);
    expect(await db.messages.get(['acc', 'INBOX', 99])).toBeUndefined();
    expect(await db.bodies.count()).toBe(0);
  });

  it('drops rows below the bound that the server no longer has, keeping newer ones and other folders', async () => {
    await applyMailboxDelta(db, delta({ upserts: [1, 2, 3, 4, 5, 10].map((uid) => header(uid)) }));
    await applyMailboxDelta(db, delta({ path: 'Archive', upserts: [header(2)] }));
    await applyMailboxDelta(db, delta({ present: { below: 6, uids: '1,3:4' } }));
    expect(await uids()).toEqual([1, 3, 4, 10]);
    expect(await uids('Archive')).toEqual([2]);
  });

  it('reset wipes the folder (UIDVALIDITY changed) before the new rows land', async () => {
    await applyMailboxDelta(db, delta({ upserts: [header(1), header(2)], cursor: { uidValidity: '1', uidNext: 3, highestModseq: null } }));
    await applyMailboxDelta(db, delta({ reset: true, upserts: [header(5)] }));
    expect(await uids()).toEqual([5]);
    expect(await db.cursors.get(['acc', 'INBOX'])).toBeUndefined();
  });

  it('leaves nothing half-written when the transaction fails', async () => {
    await applyMailboxDelta(db, delta({ upserts: [header(1)], cursor: { uidValidity: '1', uidNext: 2, highestModseq: null } }));
    const broken = delta({ upserts: [header(2), { ...header(3), uid: Number.NaN }], cursor: { uidValidity: '1', uidNext: 4, highestModseq: null } });
    await expect(applyMailboxDelta(db, broken)).rejects.toThrow();
    expect(await uids()).toEqual([1]);
    expect((await db.cursors.get(['acc', 'INBOX']))?.uidNext).toBe(2);
  });
});
