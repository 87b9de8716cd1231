/**
 * A folder change applied to a folder list: how the renderer shows a queued change at once, and how it keeps
 * showing it over every folder list the server sends until the change has reached the server. A change the
 * list already reflects (or can no longer apply to) leaves it as it is, so applying one twice is harmless.
 */
import { TernError } from '../contract/errors';
import type { FolderChange } from '../contract/folders';
import type { MailboxInfo } from '../contract/mailboxes';
import { folderPath, isWithinFolder } from './folderNames';

export interface ChangedList {
  mailboxes: MailboxInfo[];
  /** Folders that now have another path (a rename takes its subfolders along): [old, new]. */
  renamed: [string, string][];
}

/** The delimiter a new folder under `parentPath` gets: its parent's, else INBOX's, else any folder's. */
export function delimiterUnder(mailboxes: MailboxInfo[], parentPath: string | null): string {
  const parent = parentPath === null ? mailboxes.find((m) => m.path.toUpperCase() === 'INBOX') : mailboxes.find((m) => m.path === parentPath);
  return parent?.delimiter || mailboxes.find((m) => m.delimiter)?.delimiter || '/';
}

/** Where a rename puts the folder; null when the name cannot be stored (main will refuse it with the reason). */
export function renameTarget(mailboxes: MailboxInfo[], change: Extract<FolderChange, { kind: 'rename' }>): string | null {
  const source = mailboxes.find((m) => m.path === change.path);
  const delimiter = source?.delimiter || delimiterUnder(mailboxes, change.newParentPath);
  try {
    return folderPath(change.newParentPath, change.newName, delimiter);
  } catch {
    return null;
  }
}

export function applyFolderChangeToList(mailboxes: MailboxInfo[], change: FolderChange): ChangedList {
  const unchanged = { mailboxes, renamed: [] };
  const byPath = new Map(mailboxes.map((m) => [m.path, m]));
  switch (change.kind) {
    case 'create': {
      const delimiter = delimiterUnder(mailboxes, change.parentPath);
      let path: string;
      try {
        path = folderPath(change.parentPath, change.name, delimiter);
      } catch {
        return unchanged;
      }
      if (byPath.has(path)) return unchanged;
      const created: MailboxInfo = {
        accountId: change.accountId, path, name: path.slice(change.parentPath === null ? 0 : change.parentPath.length + delimiter.length),
        delimiter, parentPath: change.parentPath, specialUse: null, subscribed: true, selectable: true, messages: 0, unseen: 0,
      };
      return { mailboxes: [...mailboxes, created], renamed: [] };
    }
    case 'rename': {
      const source = byPath.get(change.path);
      const target = renameTarget(mailboxes, change);
      if (!source || target === null || target === change.path || byPath.has(target)) return unchanged;
      const delimiter = source.delimiter ?? '';
      if (change.newParentPath !== null && isWithinFolder(change.newParentPath, change.path, source.delimiter)) return unchanged;
      const renamed: [string, string][] = [];
      const next = mailboxes.map((m) => {
        if (!isWithinFolder(m.path, change.path, source.delimiter)) return m;
        const path = target + m.path.slice(change.path.length);
        renamed.push([m.path, path]);
        return m.path === change.path
          ? { ...m, path, name: target.slice(change.newParentPath === null ? 0 : change.newParentPath.length + delimiter.length), parentPath: change.newParentPath }
          : { ...m, path, parentPath: m.parentPath === null ? null : target + m.parentPath.slice(change.path.length) };
      });
      return { mailboxes: next, renamed };
    }
    case 'delete':
      return byPath.has(change.path) ? { mailboxes: mailboxes.filter((m) => m.path !== change.path), renamed: [] } : unchanged;
    case 'subscribe': {
      const folder = byPath.get(change.path);
      if (!folder || folder.subscribed === change.subscribed) return unchanged;
      return { mailboxes: mailboxes.map((m) => (m === folder ? { ...m, subscribed: change.subscribed } : m)), renamed: [] };
    }
  }
}

/**
 * Refuses, before anything is queued, a change the folder list already shows cannot work (a name taken or not
 * storable, a special folder, a folder into itself): the user hears at once, even offline.
 */
export function checkFolderChange(mailboxes: MailboxInfo[], change: FolderChange): void {
  const folder = 'path' in change ? mailboxes.find((m) => m.path === change.path) : undefined;
  if (change.kind !== 'create' && !folder) throw new TernError('NOT_FOUND', `The folder “${change.path}” no longer exists.`);
  if ((change.kind === 'rename' || change.kind === 'delete') && folder && (folder.specialUse !== null || folder.path.toUpperCase() === 'INBOX')) {
    throw new TernError('INVALID_INPUT', `“${folder.name}” is a special folder; Tern does not ${change.kind} it.`);
  }
  // Servers disagree on deleting a folder with subfolders (Dovecot empties it and keeps it, Cyrus refuses), so
  // main refuses it too (electron/imap/manageMailboxes.ts): said here at once, not after a queued attempt.
  if (change.kind === 'delete' && folder && mailboxes.some((m) => m.path !== folder.path && isWithinFolder(m.path, folder.path, folder.delimiter))) {
    throw new TernError('INVALID_INPUT', `“${folder.name}” has subfolders: delete or move them first.`);
  }
  if (change.kind === 'create') {
    if (change.parentPath !== null && !mailboxes.some((m) => m.path === change.parentPath)) throw new TernError('NOT_FOUND', `The folder “${change.parentPath}” no longer exists.`);
    const path = folderPath(change.parentPath, change.name, delimiterUnder(mailboxes, change.parentPath));
    if (mailboxes.some((m) => m.path === path)) throw new TernError('INVALID_INPUT', `A folder named “${path}” already exists.`);
  }
  if (change.kind === 'rename' && folder) {
    if (change.newParentPath !== null && isWithinFolder(change.newParentPath, change.path, folder.delimiter)) throw new TernError('INVALID_INPUT', 'A folder cannot be moved inside itself.');
    const target = folderPath(change.newParentPath, change.newName, folder.delimiter || delimiterUnder(mailboxes, change.newParentPath));
    if (target !== change.path && mailboxes.some((m) => m.path === target)) throw new TernError('INVALID_INPUT', `A folder named “${target}” already exists.`);
  }
}
