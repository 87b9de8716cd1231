import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionOutcome, MessageAction } from '../../shared/contract/actions';
import { TernError } from '../../shared/contract/errors';
import type { MessageHeader } from '../../shared/contract/messages';
import type { TernClient } from '../../shared/ipc/createClient';
import { applyMailboxDelta } from '../cache/applyMailboxDelta';
import { openTernDb, type TernDb } from '../cache/db';
import { ActionQueue } from './actionQueue';

const header = (uid: number, flags: string[] = []): MessageHeader => ({
  uid, messageId: null, subject: `m${uid}`, from: [], to: [], cc: [], date: uid, flags, size: 1,
});

/** A server stand-in: records what reached it, and answers as the test says. */
function fakeClient(answer: (action: MessageAction) => Promise<ActionOutcome>) {
  const received: MessageAction[] = [];
  const client = {
    api: {
      applyAction: async ({ action }: { action: MessageAction }) => {
        received.push(action);
        return answer(action);
      },
    },
  } as unknown as TernClient;
  return { client, received };
}

let db: TernDb;
let n = 0;
beforeEach(async () => {
  db = openTernDb(`queue-${n++}`);
  await db.messages.bulkPut([1, 2, 3].map((uid) => ({ ...header(uid), accountId: 'a', path: 'INBOX' })));
});
afterEach(() => db.delete());

const flags = async (uid: number) => (await db.messages.get(['a', 'INBOX', uid]))?.flags;
const seen = (uids: number[]): MessageAction => ({ kind: 'setFlags', accountId: 'a', path: 'INBOX', uidValidity: '1', uids, add: ['\\Seen'], remove: [] });
const archive = (uids: number[]): MessageAction => ({ kind: 'move', accountId: 'a', path: 'INBOX', uidValidity: '1', uids, target: 'Archive' });

describe('ActionQueue', () => {
  it('shows the change at once, sends it, and forgets it once the server has it', async () => {
    const { client, received } = fakeClient(async () => ({ uidMap: [], targetUidValidity: null }));
    const queue = new ActionQueue(client, db, () => {});
    await queue.perform(seen([1]));
    expect(await flags(1)).toEqual(['\\Seen']);
    await queue.flush('a');
    expect(received).toHaveLength(1);
    expect(await db.pendingOps.count()).toBe(0);
  });

  it('keeps actions queued while offline, then replays them in order', async () => {
    let online = false;
    const { client, received } = fakeClient(async () => {
      if (!online) throw new TernError('HOST_UNREACHABLE', 'offline');
      return { uidMap: [], targetUidValidity: null };
    });
    const queue = new ActionQueue(client, db, () => {});
    await queue.perform(seen([1]));
    await queue.perform(archive([2]));
    await queue.flush('a');
    expect(await db.pendingOps.count()).toBe(2);
    expect(await db.messages.get(['a', 'INBOX', 2])).toBeUndefined(); // moved away, optimistically

    // A restart in the middle: a "running" action is simply queued again (replay is safe).
    await db.pendingOps.toCollection().first().then((row) => db.pendingOps.update(row!.id!, { state: 'running' }));
    const restarted = new ActionQueue(client, db, () => {});
    expect(await restarted.recover()).toEqual(['a']);

    online = true;
    received.length = 0;
    await restarted.flush('a');
    expect(received.map((action) => action.kind)).toEqual(['setFlags', 'move']);
    expect(await db.pendingOps.count()).toBe(0);
  });

  it('undoes a refused action in the cache and reports it', async () => {
    const refused: string[] = [];
    const { client } = fakeClient(async () => {
      throw new TernError('NOT_FOUND', 'The folder “Archive” no longer exists.');
    });
    const queue = new ActionQueue(client, db, (error) => refused.push(error.code));
    await queue.perform(archive([3]));
    expect(await db.messages.get(['a', 'INBOX', 3])).toBeUndefined();
    await queue.flush('a');
    expect(refused).toEqual(['NOT_FOUND']);
    expect(await db.messages.get(['a', 'INBOX', 3])).toMatchObject({ uid: 3, subject: 'm3' });
    expect(await db.pendingOps.count()).toBe(0);
  });

  it('wins over an older server view arriving while it is queued (no flicker, no resurrection)', async () => {
    const { client } = fakeClient(async () => {
      throw new TernError('TIMEOUT', 'slow');
    });
    const queue = new ActionQueue(client, db, () => {});
    await queue.perform(seen([1]));
    await queue.perform(archive([2]));
    await queue.flush('a');
    // The server has not seen either action yet and says so in a delta.
    await applyMailboxDelta(db, {
      deltaId: 1, accountId: 'a', path: 'INBOX', reset: false,
      upserts: [header(1), header(2)], flagUpdates: [{ uid: 1, flags: [] }], vanished: [], present: null, cursor: null, progress: { done: 0, total: 0 },
    });
    expect(await flags(1)).toEqual(['\\Seen']);
    expect(await db.messages.get(['a', 'INBOX', 2])).toBeUndefined();
  });

  it('undoes a queued action locally, and an applied move by moving back with the new UIDs', async () => {
    let online = false;
    const { client, received } = fakeClient(async (action) => {
      if (!online) throw new TernError('HOST_UNREACHABLE', 'offline');
      return action.kind === 'move' ? { uidMap: action.uids.map((uid) => [uid, uid + 100] as [number, number]), targetUidValidity: '77' } : { uidMap: [], targetUidValidity: null };
    });
    const queue = new ActionQueue(client, db, () => {});
    const offlineId = await queue.perform(archive([1]));
    await queue.flush('a');
    await queue.undo(offlineId!);
    expect(await db.pendingOps.count()).toBe(0);
    expect(await db.messages.get(['a', 'INBOX', 1])).toMatchObject({ uid: 1 });

    online = true;
    const id = await queue.perform(archive([2]));
    await queue.flush('a');
    await queue.undo(id!);
    await queue.flush('a');
    expect(received.at(-1)).toEqual({ kind: 'move', accountId: 'a', path: 'Archive', uidValidity: '77', uids: [102], target: 'INBOX' });
  });
});
