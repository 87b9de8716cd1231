/**
 * A full disk (IndexedDB quota) while mail is synced, an action is queued or a draft is written. The quota
 * is injected by making the table's write store part of its rows and then throw the DOMException the browser
 * throws (QuotaExceededError): the transaction must roll back whole. Main is a stand-in that follows the real
 * flow control (one delta at a time, each waiting for its acknowledgement; a refused one ends the sync).
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionOutcome } from '../../shared/contract/actions';
import type { DraftLocation, DraftMessage, DraftSaveOutcome } from '../../shared/contract/drafts';
import { TernError } from '../../shared/contract/errors';
import type { MessageHeader } from '../../shared/contract/messages';
import type { DeltaRefusal, MailboxCursor, MailboxDelta, SyncRequest } from '../../shared/contract/sync';
import type { TernClient } from '../../shared/ipc/createClient';
import { folderMessages, openTernDb, type TernDb } from '../cache/db';
import { isStorageFull, STORAGE_FULL_MESSAGE } from '../cache/storageFull';
import type { Draft } from '../features/composer/composeDraft';
import { DraftSync } from './draftSync';
import { MailSession } from './mailSession';

const header = (uid: number): MessageHeader => ({ uid, messageId: `<m${uid}@test>`, subject: `Message ${uid}`, from: [], to: [], cc: [], date: 1_700_000_000_000 + uid, flags: [], size: 100 });
const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
const until = async (check: () => boolean | Promise<boolean>, ms = 3000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/**
 * Makes a table's puts write half their rows and then fail with the quota error while `disk.full` is set: a
 * transaction that does not roll back would show the half.
 */
function fillsUp(db: TernDb, disk: { full: boolean }) {
  const table = db.messages;
  const bulkPut = table.bulkPut.bind(table);
  const add = db.pendingOps.add.bind(db.pendingOps);
  const put = db.drafts.put.bind(db.drafts);
  const queue = db.outbox.add.bind(db.outbox);
  table.bulkPut = (async (rows: Parameters<typeof bulkPut>[0], ...rest: unknown[]) => {
    if (!disk.full) return bulkPut(rows, ...(rest as []));
    await bulkPut(rows.slice(0, Math.ceil(rows.length / 2)));
    throw quotaError();
  }) as typeof table.bulkPut;
  db.pendingOps.add = (async (...args: Parameters<typeof add>) => {
    const id = await add(...args);
    if (disk.full) throw quotaError();
    return id;
  }) as typeof db.pendingOps.add;
  db.outbox.add = (async (...args: Parameters<typeof queue>) => {
    if (disk.full) throw quotaError();
    return queue(...args);
  }) as typeof db.outbox.add;
  db.drafts.put = (async (...args: Parameters<typeof put>) => {
    if (disk.full) throw quotaError();
    return put(...args);
  }) as typeof db.drafts.put;
}

/** Main's side of a sync: the server's folder, sent in batches of three from the renderer's cursor. */
function fakeMain(server: MessageHeader[]) {
  const handlers = new Map<string, (payload: unknown) => void>();
  const waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  const acks: Array<{ deltaId: number; error?: DeltaRefusal }> = [];
  let nextId = 1;
  const cursorOf = (): MailboxCursor => ({ uidValidity: '7', uidNext: Math.max(0, ...server.map((h) => h.uid)) + 1, highestModseq: null });
  const client = {
    api: {
      syncMailbox: async ({ accountId, path, cursor }: SyncRequest) => {
        const fresh = cursor === null;
        const wanted = server.filter((h) => fresh || h.uid >= cursor.uidNext);
        const batches: MessageHeader[][] = [];
        for (let i = 0; i < wanted.length; i += 3) batches.push(wanted.slice(i, i + 3));
        if (batches.length === 0) batches.push([]);
        let deltas = 0;
        for (const [i, upserts] of batches.entries()) {
          const last = i === batches.length - 1;
          const delta: MailboxDelta = { deltaId: nextId++, accountId, path, reset: fresh && i === 0, upserts, flagUpdates: [], vanished: [], present: null, cursor: last ? cursorOf() : null, progress: { done: 0, total: 0 } };
          await new Promise<void>((resolve, reject) => {
            waiting.set(delta.deltaId, { resolve, reject });
            handlers.get('mailboxChanged')?.(delta);
          });
          deltas++;
        }
        return { accountId, path, deltas, cursor: cursorOf() };
      },
      // As TernService.acknowledgeDelta: a refusal ends the sync with STORAGE_FULL.
      acknowledgeDelta: async (args: { deltaId: number; error?: DeltaRefusal }) => {
        acks.push(args);
        const waiter = waiting.get(args.deltaId);
        waiting.delete(args.deltaId);
        if (args.error) waiter?.reject(new TernError('STORAGE_FULL', args.error.message));
        else waiter?.resolve();
      },
      applyAction: async (): Promise<ActionOutcome> => ({ status: 'applied' }) as unknown as ActionOutcome,
    },
    on: (name: string, handler: (payload: unknown) => void) => {
      handlers.set(name, handler);
      return () => handlers.delete(name);
    },
  } as unknown as TernClient;
  return { client, acks };
}

let db: TernDb;
let n = 0;
beforeEach(async () => {
  db = openTernDb(`storage-full-${n++}`);
  await db.open();
});
afterEach(() => db.delete());

describe('a sync on a full disk', () => {
  it('stores nothing of the refused batch, does not acknowledge it, says so, and completes equal once there is room', async () => {
    const server = Array.from({ length: 10 }, (_, i) => header(i + 1));
    const main = fakeMain(server);
    const disk = { full: false };
    fillsUp(db, disk);
    const session = new MailSession(main.client, db, { roomRetryDelaysMs: [50] });

    // A first batch fits; the second finds the disk full.
    let puts = 0;
    const bulkPut = db.messages.bulkPut;
    db.messages.bulkPut = ((...args: Parameters<typeof bulkPut>) => {
      if (++puts === 2) disk.full = true;
      return bulkPut(...args);
    }) as typeof bulkPut;

    await session.syncMailbox('acc', 'INBOX');
    expect(main.acks.map((ack) => ack.error?.code ?? 'stored')).toEqual(['stored', 'STORAGE_FULL']);
    // The first batch stays; nothing of the second (half of it was written before the error) and no cursor.
    expect((await folderMessages(db, 'acc', 'INBOX').toArray()).map((row) => row.uid)).toEqual([1, 2, 3]);
    expect(await db.cursors.get(['acc', 'INBOX'])).toBeUndefined();
    expect(session.getStatus().storageFull).toBe(STORAGE_FULL_MESSAGE);
    expect(session.getStatus().lastError).toBeNull();

    // Still full at the first retry: tried again later, the notice stays.
    await until(() => main.acks.length >= 3);
    await until(() => main.acks.at(-1)?.error !== undefined);
    expect(session.getStatus().storageFull).toBe(STORAGE_FULL_MESSAGE);

    disk.full = false;
    await until(() => session.getStatus().storageFull === null);
    expect((await folderMessages(db, 'acc', 'INBOX').toArray()).map((row) => row.uid)).toEqual(server.map((h) => h.uid));
    expect(await db.messages.count()).toBe(server.length);
    expect((await db.cursors.get(['acc', 'INBOX']))?.uidNext).toBe(11);
  });

  it('new mail that does not fit leaves the cursor where it was; the retry brings exactly the new mail', async () => {
    const server = Array.from({ length: 4 }, (_, i) => header(i + 1));
    const main = fakeMain(server);
    const disk = { full: false };
    fillsUp(db, disk);
    const session = new MailSession(main.client, db, { roomRetryDelaysMs: [30] });
    await session.syncMailbox('acc', 'INBOX');
    expect((await db.cursors.get(['acc', 'INBOX']))?.uidNext).toBe(5);

    server.push(header(5), header(6));
    disk.full = true;
    await session.syncMailbox('acc', 'INBOX');
    expect(await db.messages.count()).toBe(4);
    expect((await db.cursors.get(['acc', 'INBOX']))?.uidNext).toBe(5);
    expect(session.getStatus().storageFull).not.toBeNull();

    disk.full = false;
    await until(() => session.getStatus().storageFull === null);
    expect((await folderMessages(db, 'acc', 'INBOX').toArray()).map((row) => row.uid)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await db.cursors.get(['acc', 'INBOX']))?.uidNext).toBe(7);
  });
});

describe('an action on a full disk', () => {
  it('is refused whole: no queued op, and the cache shows no optimistic change', async () => {
    const main = fakeMain([]);
    const disk = { full: false };
    await db.messages.bulkPut([1, 2].map((uid) => ({ ...header(uid), accountId: 'acc', path: 'INBOX' })));
    fillsUp(db, disk);
    const session = new MailSession(main.client, db);
    disk.full = true;
    const error = await session.perform({ kind: 'setFlags', accountId: 'acc', path: 'INBOX', uidValidity: '7', uids: [1, 2], add: ['\\Seen'], remove: [] }, 'Marked read').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TernError);
    expect((error as TernError).code).toBe('STORAGE_FULL');
    expect((error as TernError).message).toMatch(/could not save this change: the disk \(or browser storage\) is full/);
    expect(await db.pendingOps.count()).toBe(0);
    expect((await db.messages.toArray()).map((row) => row.flags)).toEqual([[], []]);
    expect(session.getStatus().undoable).toBeNull();
  });
});

describe('sending on a full disk', () => {
  it('is refused with a clear error and nothing queued, so the composer keeps the message', async () => {
    const disk = { full: true };
    fillsUp(db, disk);
    const session = new MailSession(fakeMain([]).client, db);
    const message = { to: [{ name: '', address: 'bob@example.test' }], subject: 'Hi' } as unknown as Parameters<typeof session.outbox.send>[1];
    await expect(session.outbox.send('acc', message, 5000)).rejects.toMatchObject({ code: 'STORAGE_FULL', message: expect.stringContaining('could not queue this message') });
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('a draft on a full disk', () => {
  const draft = (body: string): Draft =>
    ({ draftId: 'd0000000000000000000000000000001', serverDraft: null, accountId: 'acc', to: 'bob@example.test', cc: '', bcc: '', subject: 'Plans', body, format: 'plain', identityId: 'default', attachments: [] }) as unknown as Draft;

  function draftMain() {
    const saves: Array<{ draft: DraftMessage; replaces: DraftLocation | null }> = [];
    let uid = 1;
    const client = {
      api: {
        saveDraft: async (args: { draft: DraftMessage; replaces: DraftLocation | null }): Promise<DraftSaveOutcome> => {
          saves.push(args);
          return { status: 'saved', location: { path: 'Drafts', uid: uid++, uidValidity: '1' }, removed: 0 };
        },
      },
      on: () => () => undefined,
    } as unknown as TernClient;
    return { client, saves };
  }

  it('keeps the text in memory, still saves it to the server, says so, and stores it here once there is room', async () => {
    const main = draftMain();
    const disk = { full: true };
    fillsUp(db, disk);
    const errors: unknown[] = [];
    const drafts = new DraftSync(main.client, db, { syncMailbox: async () => undefined, reportError: (e) => errors.push(e) }, { quietMs: 10, retryDelaysMs: [40], toMessage: (d) => ({ draftId: d.draftId, body: d.body }) as unknown as DraftMessage });
    const states: string[] = [];
    drafts.subscribeLocal(() => states.push(drafts.localState(draft('').draftId)));

    await drafts.write(draft('Hello Bob'));
    expect(drafts.localState(draft('').draftId)).toBe('notStored');
    expect(await db.drafts.count()).toBe(0);
    // The server copy is made from memory.
    await until(() => main.saves.length === 1);
    expect((main.saves[0]!.draft as unknown as { body: string }).body).toBe('Hello Bob');
    await until(() => drafts.localState(draft('').draftId) === 'notStoredButInDrafts');

    // Typing on while full: the next server save replaces the copy made from memory.
    await drafts.write(draft('Hello Bob, see you'));
    await until(() => main.saves.length === 2);
    expect(main.saves[1]!.replaces).toEqual({ path: 'Drafts', uid: 1, uidValidity: '1' });

    disk.full = false;
    await until(() => drafts.localState(draft('').draftId) === 'stored');
    const row = await db.drafts.get(draft('').draftId);
    expect(row?.draft.body).toBe('Hello Bob, see you');
    // Stored with the server copy it has, which the next save replaces (no duplicate in Drafts).
    expect(row?.server).toEqual({ path: 'Drafts', uid: 2, uidValidity: '1' });
    expect(row!.savedVersion).toBe(row!.version);
    expect(errors).toEqual([]);
    drafts.stop();
  });
});

describe('isStorageFull', () => {
  it('knows the quota error, and an UnknownError only when the origin is out of room', async () => {
    expect(await isStorageFull(quotaError())).toBe(true);
    expect(await isStorageFull({ name: 'AbortError', inner: quotaError() })).toBe(true);
    const unknown = new DOMException('Internal error.', 'UnknownError');
    expect(await isStorageFull(unknown, async () => ({ usage: 10, quota: 1_000_000_000 }))).toBe(false);
    expect(await isStorageFull(unknown, async () => ({ usage: 999_900_000, quota: 1_000_000_000 }))).toBe(true);
    expect(await isStorageFull(new Error('other'))).toBe(false);
  });
});
