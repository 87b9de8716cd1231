import { describe, expect, it } from 'vitest';
import type { MailboxInfo } from '../../../shared/contract/mailboxes';
import { folderSyncRows } from './folderSyncRows';

const mailbox = (path: string, extra: Partial<MailboxInfo> = {}): MailboxInfo => ({
  accountId: 'a',
  path,
  name: path,
  delimiter: '/',
  parentPath: null,
  specialUse: path === 'INBOX' ? 'inbox' : null,
  subscribed: true,
  selectable: true,
  messages: 10,
  unseen: 0,
  ...extra,
});

describe('folderSyncRows', () => {
  it('lists every folder that holds mail, INBOX first, each with its state', () => {
    const rows = folderSyncRows({
      mailboxes: [mailbox('Work'), mailbox('Archive', { messages: 5000 }), mailbox('Lists', { selectable: false }), mailbox('INBOX', { messages: 41 }), mailbox('Old'), mailbox('Trash', { messages: null })],
      cursors: new Map([['INBOX', { uidValidity: '7', uidNext: 42, highestModseq: '46' }]]),
      cached: new Map([['INBOX', 41], ['Archive', 2000], ['Old', 300]]),
      syncing: [{ accountId: 'a', path: 'Archive', state: 'syncing', done: 2000, total: 5000, error: null, etaMs: 12_000 }],
      failed: [{ accountId: 'a', path: 'Work', state: 'error', done: 0, total: 0, error: { code: 'TIMEOUT', message: 'The server stopped answering.' } }],
    });
    expect(rows.map((row) => [row.path, row.cached, row.onServer, row.uidNext, row.label])).toEqual([
      ['INBOX', 41, 41, 42, 'in step'],
      ['Archive', 2000, 5000, null, 'syncing 2,000 of 5,000, about 12 s left'],
      ['Old', 300, 10, null, 'partly synced: continues when opened'],
      ['Trash', 0, null, null, 'not synced yet: syncs when opened, or choose Keep offline'],
      ['Work', 0, 10, null, 'not synced: The server stopped answering.'],
    ]);
  });

  it('shows a sync in progress over an earlier failure, and a short one without an estimate', () => {
    const [row] = folderSyncRows({
      mailboxes: [mailbox('INBOX')],
      cursors: new Map(),
      cached: new Map(),
      syncing: [{ accountId: 'a', path: 'INBOX', state: 'syncing', done: 50, total: 100, error: null, etaMs: 900 }],
      failed: [{ accountId: 'a', path: 'INBOX', state: 'error', done: 0, total: 0, error: { code: 'TIMEOUT', message: 'x' } }],
    });
    expect(row?.label).toBe('syncing 50 of 100');
  });
});
