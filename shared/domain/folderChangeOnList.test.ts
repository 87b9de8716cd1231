import { describe, expect, it } from 'vitest';
import type { MailboxInfo } from '../contract/mailboxes';
import { applyFolderChangeToList, checkFolderChange } from './folderChangeOnList';

const box = (path: string, extra: Partial<MailboxInfo> = {}): MailboxInfo => {
  const at = path.lastIndexOf('.');
  return { accountId: 'a', path, name: at === -1 ? path : path.slice(at + 1), delimiter: '.', parentPath: at === -1 ? null : path.slice(0, at), specialUse: null, subscribed: true, selectable: true, messages: 3, unseen: 1, ...extra };
};
const list = [box('INBOX', { specialUse: 'inbox' }), box('Work'), box('Work.2025'), box('Work.2025.Q1'), box('Old')];
const paths = (mailboxes: MailboxInfo[]) => mailboxes.map((m) => m.path).sort();

describe('applyFolderChangeToList', () => {
  it('creates with the parent’s delimiter, trimmed, empty and subscribed; twice is once', () => {
    const once = applyFolderChangeToList(list, { kind: 'create', accountId: 'a', parentPath: 'Work', name: ' Reports ' }).mailboxes;
    expect(once.find((m) => m.path === 'Work.Reports')).toMatchObject({ name: 'Reports', parentPath: 'Work', delimiter: '.', messages: 0, subscribed: true });
    expect(applyFolderChangeToList(once, { kind: 'create', accountId: 'a', parentPath: 'Work', name: 'Reports' }).mailboxes).toBe(once);
  });

  it('renames a folder with its subfolders, and moves one under another parent', () => {
    const { mailboxes, renamed } = applyFolderChangeToList(list, { kind: 'rename', accountId: 'a', path: 'Work', newParentPath: null, newName: 'Job' });
    expect(paths(mailboxes)).toEqual(['INBOX', 'Job', 'Job.2025', 'Job.2025.Q1', 'Old']);
    expect(mailboxes.find((m) => m.path === 'Job.2025.Q1')).toMatchObject({ parentPath: 'Job.2025', name: 'Q1' });
    expect(renamed).toEqual([['Work', 'Job'], ['Work.2025', 'Job.2025'], ['Work.2025.Q1', 'Job.2025.Q1']]);
    const moved = applyFolderChangeToList(mailboxes, { kind: 'rename', accountId: 'a', path: 'Old', newParentPath: 'Job', newName: 'Old' }).mailboxes;
    expect(moved.find((m) => m.path === 'Job.Old')).toMatchObject({ parentPath: 'Job', name: 'Old', messages: 3 });
    // Replayed on a list that already shows it (the source is gone): nothing changes.
    expect(applyFolderChangeToList(moved, { kind: 'rename', accountId: 'a', path: 'Old', newParentPath: 'Job', newName: 'Old' }).mailboxes).toBe(moved);
  });

  it('deletes and (un)subscribes; a folder already gone is left alone', () => {
    const deleted = applyFolderChangeToList(list, { kind: 'delete', accountId: 'a', path: 'Old', messagesAgreed: 3 }).mailboxes;
    expect(paths(deleted)).not.toContain('Old');
    expect(applyFolderChangeToList(deleted, { kind: 'delete', accountId: 'a', path: 'Old', messagesAgreed: 3 }).mailboxes).toBe(deleted);
    const hidden = applyFolderChangeToList(list, { kind: 'subscribe', accountId: 'a', path: 'Work', subscribed: false }).mailboxes;
    expect(hidden.find((m) => m.path === 'Work')?.subscribed).toBe(false);
  });
});

describe('checkFolderChange', () => {
  it('refuses at once what cannot work, offline too', () => {
    expect(() => checkFolderChange(list, { kind: 'create', accountId: 'a', parentPath: null, name: 'a.b' })).toThrow(/cannot contain “\.”/);
    expect(() => checkFolderChange(list, { kind: 'create', accountId: 'a', parentPath: null, name: 'Work' })).toThrow(/already exists/);
    expect(() => checkFolderChange(list, { kind: 'rename', accountId: 'a', path: 'Work', newParentPath: 'Work.2025', newName: 'Work' })).toThrow(/inside itself/);
    expect(() => checkFolderChange(list, { kind: 'delete', accountId: 'a', path: 'INBOX', messagesAgreed: 0 })).toThrow(/special folder/);
    expect(() => checkFolderChange(list, { kind: 'delete', accountId: 'a', path: 'Work.2025', messagesAgreed: 0 })).toThrow(/has subfolders/);
    expect(() => checkFolderChange(list, { kind: 'delete', accountId: 'a', path: 'Work.2025.Q1', messagesAgreed: 0 })).not.toThrow();
    expect(() => checkFolderChange(list, { kind: 'create', accountId: 'a', parentPath: 'Work', name: 'New' })).not.toThrow();
  });
});
