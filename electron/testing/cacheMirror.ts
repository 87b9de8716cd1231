/**
 * The renderer's cache semantics in a few lines, for engine tests that cannot import renderer/: applies
 * deltas to an in-memory copy, so a test can compare "what the renderer would hold" with the server.
 * renderer/cache/applyMailboxDelta.test.ts checks the real Dexie code against the same rules.
 */
import type { MailboxCursor, MailboxDelta } from '../../shared/contract/sync';
import { parseUidSet } from '../../shared/domain/uidSet';
import type { PrivateDovecot } from '../demo/privateDovecot';

export class CacheMirror {
  readonly folders = new Map<string, Map<number, string[]>>();
  readonly cursors = new Map<string, MailboxCursor>();

  apply(delta: MailboxDelta): void {
    const key = `${delta.accountId}\u0000${delta.path}`;
    let rows = this.folders.get(key);
    if (!rows || delta.reset) {
      rows = new Map();
      this.folders.set(key, rows);
      if (delta.reset) this.cursors.delete(key);
    }
    for (const header of delta.upserts) rows.set(header.uid, [...header.flags]);
    for (const { uid, flags } of delta.flagUpdates) if (rows.has(uid)) rows.set(uid, [...flags]);
    for (const uid of delta.vanished) rows.delete(uid);
    if (delta.present) {
      const present = parseUidSet(delta.present.uids) ?? new Set<number>();
      for (const uid of [...rows.keys()]) if (uid < delta.present.below && !present.has(uid)) rows.delete(uid);
    }
    if (delta.cursor) this.cursors.set(key, delta.cursor);
  }

  cursor(accountId: string, path: string): MailboxCursor | null {
    return this.cursors.get(`${accountId}\u0000${path}`) ?? null;
  }

  /** "uid:flag flag" lines, sorted, for comparison with the server's view. */
  snapshot(accountId: string, path: string): string[] {
    const rows = this.folders.get(`${accountId}\u0000${path}`) ?? new Map<number, string[]>();
    return [...rows].sort(([a], [b]) => a - b).map(([uid, flags]) => `${uid}:${[...flags].sort().join(' ')}`);
  }
}

/** The same "uid:flags" lines as the server has them, read by doveadm (\Recent dropped: it is per session). */
export async function serverSnapshot(dovecot: PrivateDovecot, user: string, path: string): Promise<string[]> {
  const output = await dovecot.doveadm(['-f', 'tab', 'fetch', '-u', user, 'uid flags', 'mailbox', path, 'all']);
  const [, ...rows] = output.trim().split('\n');
  return rows
    .filter((row) => row.trim() !== '')
    .map((row) => {
      const [uid = '', flags = ''] = row.split('\t');
      return { uid: Number(uid), flags: flags.split(' ').filter((flag) => flag && flag !== '\\Recent').sort() };
    })
    .sort((a, b) => a.uid - b.uid)
    .map(({ uid, flags }) => `${uid}:${flags.join(' ')}`);
}
