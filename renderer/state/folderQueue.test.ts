/** Folder changes in the durable queue: shown at once, kept over older server lists, replayed in order with message actions. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageAction } from '../../shared/contract/actions';
import { TernError } from '../../shared/contract/errors';
import type { FolderChange } from '../../shared/contract/folders';
import type { MailboxInfo } from '../../shared/contract/mailboxes';
import { applyFolderChangeToList } from '../../shared/domain/folderChangeOnList';
import type { TernClient } from '../../shared/ipc/createClient';
import { openTernDb, type TernDb } from '../cache/db';
import { replaceMailboxes } from '../cache/replaceMailboxes';
import { ActionQueue } from './actionQueue';

const box = (path: string, extra: Partial<MailboxInfo> = {}): MailboxInfo => {
  const at = path.lastIndexOf('.');
  return { accountId: 'a', path, name: at === -1 ? path : path.slice(at + 1), delimiter: '.', parentPath: at === -1 ? null : path.slice(0, at), specialUse: null, subscribed: true, selectable: true, messages: 2, unseen: 0, ...extra };
};

/** A server stand-in keeping its own folder list; `online` false makes every call fail as a lost connection would. */
function fakeServer(initial: MailboxInfo[]) {
  const state = { online: false, mailboxes: initial, received: [] as string[], refuse: null as TernError | null, alreadyDone: false };
  const offline = () => {
    if (!state.online) throw new TernError('HOST_UNREACHABLE', 'offline');
  };
  const client = {
    api: {
      applyAction: async ({ action }: { action: MessageAction }) => {
        offline();
        state.received.push(`${action.kind} ${action.kind === 'move' ? action.target : ''}`.trim());
        return { uidMap: [], targetUidValidity: null };
      },
      applyFolderChange: async ({ change }: { change: FolderChange }) => {
        offline();
        state.received.push(`${change.kind} ${'path' in change ? change.path : change.name}`);
        if (state.refuse) throw state.refuse;
        state.mailboxes = applyFolderChangeToList(state.mailboxes, change).mailboxes;
        return { mailboxes: state.mailboxes, alreadyDone: state.alreadyDone };
      },
      listMailboxes: async () => {
        offline();
        return state.mailboxes;
      },
    },
  } as unknown as TernClient;
  return { client, state };
}

const serverList = () => [box('INBOX', { specialUse: 'inbox' }), box('Projects'), box('Old'), box('Scratch')];
let db: TernDb;
let n = 0;
beforeEach(async () => {
  db = openTernDb(`folders-${n++}`);
  await db.mailboxes.bulkPut(serverList());
  await db.messages.bulkPut([1, 2].map((uid) => ({ uid, messageId: null, subject: `m${uid}`, from: [], to: [], cc: [], date: uid, flags: [], size: 1, accountId: 'a', path: uid === 1 ? 'INBOX' : 'Old' })));
  await db.cursors.put({ accountId: 'a', path: 'Old', uidValidity: '5', uidNext: 3, highestModseq: null });
  await db.cursors.put({ accountId: 'a', path: 'INBOX', uidValidity: '7', uidNext: 2, highestModseq: null });
});
afterEach(() => db.delete());

const tree = async () => (await db.mailboxes.where('accountId').equals('a').toArray()).map((m) => m.path).sort();
const move = (uids: number[], target: string): MessageAction => ({ kind: 'move', accountId: 'a', path: 'INBOX', uidValidity: '7', uids, target });

describe('folder changes in the queue', () => {
  it('offline: shows each change at once, keeps them over an older server list, and replays them after a restart in the order made', async () => {
    const { client, state } = fakeServer(serverList());
    const queue = new ActionQueue(client, db, () => {});
    await queue.performFolderChange({ kind: 'create', accountId: 'a', parentPath: 'Projects', name: 'Tern' });
    await queue.perform(move([1], 'Projects.Tern'));
    await queue.performFolderChange({ kind: 'rename', accountId: 'a', path: 'Old', newParentPath: null, newName: 'Older' });
    await queue.performFolderChange({ kind: 'delete', accountId: 'a', path: 'Scratch', messagesAgreed: 2 });
    await queue.flush('a');
    expect(await tree()).toEqual(['INBOX', 'Older', 'Projects', 'Projects.Tern']);
    // The renamed folder's cached mail and cursor came along: no re-download after the rename.
    expect(await db.messages.get(['a', 'Older', 2])).toMatchObject({ subject: 'm2' });
    expect(await db.cursors.get(['a', 'Older'])).toMatchObject({ uidValidity: '5' });

    // The server's list, from before any of this, arrives (a poll): the queued changes still show.
    await replaceMailboxes(db, 'a', serverList());
    expect(await tree()).toEqual(['INBOX', 'Older', 'Projects', 'Projects.Tern']);
    expect(await db.messages.get(['a', 'Older', 2])).toBeDefined();

    // Reload with the third change in flight; then the server is back.
    const third = (await db.pendingOps.orderBy('id').toArray())[2]!;
    await db.pendingOps.update(third.id!, { state: 'running' });
    const restarted = new ActionQueue(client, db, () => {});
    expect(await restarted.recover()).toEqual(['a']);
    state.online = true;
    await restarted.flush('a');
    expect(state.received).toEqual(['create Tern', 'move Projects.Tern', 'rename Old', 'delete Scratch']);
    expect(await db.pendingOps.count()).toBe(0);
    expect(state.mailboxes.map((m) => m.path).sort()).toEqual(await tree());
  });

  it('a refused rename puts the folder and its cached mail back, and says why', async () => {
    const { client, state } = fakeServer(serverList());
    const refused: string[] = [];
    const queue = new ActionQueue(client, db, (error) => refused.push(error.message));
    await queue.performFolderChange({ kind: 'rename', accountId: 'a', path: 'Old', newParentPath: 'Projects', newName: 'Old' });
    expect(await tree()).toContain('Projects.Old');
    state.online = true;
    state.refuse = new TernError('NOT_FOUND', 'The folder “Old” was deleted or renamed on another device, so it was not renamed to “Old”.');
    await queue.flush('a');
    expect(refused).toHaveLength(1);
    expect(await tree()).toEqual(['INBOX', 'Old', 'Projects', 'Scratch']);
    expect(await db.messages.get(['a', 'Old', 2])).toMatchObject({ subject: 'm2' });
    expect(await db.cursors.get(['a', 'Old'])).toBeDefined();
  });

  it('a folder to delete that was already gone on the first try is reported (another device), never an error', async () => {
    const { client, state } = fakeServer(serverList());
    const notices: string[] = [];
    const queue = new ActionQueue(client, db, () => {}, () => {}, (message) => notices.push(message));
    state.online = true;
    state.alreadyDone = true;
    await queue.performFolderChange({ kind: 'delete', accountId: 'a', path: 'Scratch', messagesAgreed: 2 });
    await queue.flush('a');
    expect(notices).toEqual([expect.stringContaining('already gone')]);
  });

  it('refuses at once, queuing nothing, what the cached tree shows cannot work', async () => {
    const { client } = fakeServer(serverList());
    const queue = new ActionQueue(client, db, () => {});
    await expect(queue.performFolderChange({ kind: 'create', accountId: 'a', parentPath: null, name: 'a.b' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(queue.performFolderChange({ kind: 'rename', accountId: 'a', path: 'Old', newParentPath: null, newName: 'Projects' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(queue.performFolderChange({ kind: 'delete', accountId: 'a', path: 'INBOX', messagesAgreed: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await db.pendingOps.count()).toBe(0);
  });
});
