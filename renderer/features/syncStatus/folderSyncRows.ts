/**
 * One row per folder of an account for the sync-status view: every folder that holds mail, not only those
 * already cached, so a folder in its first sync (no cursor until its last batch) or never opened shows too,
 * with what the cache has beside what the server counts (LIST-STATUS).
 */
import type { MailboxInfo } from '../../../shared/contract/mailboxes';
import type { MailboxCursor, SyncProgress } from '../../../shared/contract/sync';
import { formatProgress } from '../../../shared/domain/formatProgress';

export interface FolderSyncRow {
  path: string;
  cached: number;
  /** What the server counted at the last poll; null when it did not say. */
  onServer: number | null;
  uidNext: number | null;
  highestModseq: string | null;
  state: 'syncing' | 'error' | 'in step' | 'partial' | 'not synced';
  /** The state in words, for the table. */
  label: string;
}

export interface FolderSyncInput {
  mailboxes: MailboxInfo[];
  /** Cursors by path, and cached rows by path (a folder may have rows without a cursor: a first sync cut short). */
  cursors: Map<string, MailboxCursor>;
  cached: Map<string, number>;
  syncing: Array<SyncProgress & { etaMs: number | null }>;
  failed: SyncProgress[];
}

function order(a: MailboxInfo, b: MailboxInfo): number {
  const inbox = (m: MailboxInfo) => (m.specialUse === 'inbox' || m.path.toUpperCase() === 'INBOX' ? 0 : 1);
  return inbox(a) - inbox(b) || a.path.localeCompare(b.path);
}

export function folderSyncRows({ mailboxes, cursors, cached, syncing, failed }: FolderSyncInput): FolderSyncRow[] {
  return mailboxes
    .filter((mailbox) => mailbox.selectable)
    .sort(order)
    .map((mailbox) => {
      const { path } = mailbox;
      const cursor = cursors.get(path) ?? null;
      const count = cached.get(path) ?? 0;
      const progress = syncing.find((item) => item.path === path);
      const failure = failed.find((item) => item.path === path);
      const base = { path, cached: count, onServer: mailbox.messages, uidNext: cursor?.uidNext ?? null, highestModseq: cursor?.highestModseq ?? null };
      if (progress) return { ...base, state: 'syncing', label: progress.total === 0 ? 'syncing…' : `syncing ${formatProgress(progress)}` };
      if (failure) return { ...base, state: 'error', label: `not synced: ${failure.error?.message ?? 'the last sync failed'}` };
      if (cursor) return { ...base, state: 'in step', label: 'in step' };
      if (count > 0) return { ...base, state: 'partial', label: 'partly synced: continues when opened' };
      return { ...base, state: 'not synced', label: 'not synced yet: syncs when opened, or choose Keep offline' };
    });
}
