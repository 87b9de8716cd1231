import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageAction } from '../../../shared/contract/actions';
import type { FolderChange } from '../../../shared/contract/folders';
import type { MailboxInfo } from '../../../shared/contract/mailboxes';
import { openTernDb, type TernDb } from '../../cache/db';
import type { MailSession } from '../../state/mailSession';
import { archive } from './messageCommands';

const box = (path: string, specialUse: MailboxInfo['specialUse'] = null): MailboxInfo => ({
  accountId: 'a', path, name: path, delimiter: '.', parentPath: null, specialUse, subscribed: true, selectable: true, messages: 0, unseen: 0,
});

let db: TernDb;
let n = 0;
let performed: MessageAction[];
let created: string[];

function session(): MailSession {
  return {
    db,
    perform: async (action: MessageAction) => void performed.push(action),
    changeFolder: async (change: FolderChange) => void (change.kind === 'create' && created.push(change.name)),
  } as unknown as MailSession;
}

beforeEach(async () => {
  db = openTernDb(`commands-${n++}`);
  performed = [];
  created = [];
  await db.cursors.put({ accountId: 'a', path: 'INBOX', uidValidity: '9', uidNext: 10, highestModseq: null });
});
afterEach(() => db.delete());

describe('archive', () => {
  it('uses the \\Archive folder, else one named Archive, else offers to create it', async () => {
    await db.mailboxes.bulkPut([box('INBOX', 'inbox'), box('Saved', 'archive'), box('Archive')]);
    await archive(session(), { accountId: 'a', path: 'INBOX', uids: [1] });
    expect(performed.at(-1)).toMatchObject({ kind: 'move', target: 'Saved', uidValidity: '9' });

    await db.mailboxes.delete(['a', 'Saved']);
    await archive(session(), { accountId: 'a', path: 'INBOX', uids: [2] });
    expect(performed.at(-1)).toMatchObject({ kind: 'move', target: 'Archive' });

    await db.mailboxes.delete(['a', 'Archive']);
    await expect(archive(session(), { accountId: 'a', path: 'INBOX', uids: [3] }, () => false)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(created).toEqual([]);
    await archive(session(), { accountId: 'a', path: 'INBOX', uids: [3] }, () => true);
    expect(created).toEqual(['Archive']);
    expect(performed.at(-1)).toMatchObject({ kind: 'move', target: 'Archive', uids: [3] });
  });
});
