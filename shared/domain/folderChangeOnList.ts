/**
 * A folder change applied to a folder list: how the renderer shows a queued change at once, and how it keeps
 * showing it over every folder list the server sends until the change has reached the server. A change the
 * list already reflects (or can no longer apply to) leaves it as it is, so applying one twice is harmless.
 */
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
