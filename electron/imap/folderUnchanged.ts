/**
 * Whether a folder is unchanged since a cursor, asked with one STATUS instead of a QRESYNC SELECT: Dovecot
 * spends ~100 ms selecting a 100k-message folder, a STATUS takes a few ms (docs/benchmarks.md). Under CONDSTORE
 * every flag change and expunge raises HIGHESTMODSEQ and new mail raises UIDNEXT, so all three values equal
 * to the cursor's means there is nothing to fetch.
 *
 * A server answers STATUS for the mailbox a session has selected from that session's view, which moves only
 * when the session looks (Dovecot does so): such a connection sends a NOOP first.
 */
import type { MailboxCursor } from '../../shared/contract/sync';
import type { ImapClient } from './imapClient';

export async function folderUnchanged(client: ImapClient, path: string, cursor: MailboxCursor): Promise<boolean> {
  // HIGHESTMODSEQ in STATUS needs only the server's CONDSTORE, not that this session ENABLEd it (RFC 7162 3.1.2).
  if (!cursor.highestModseq || !(client.capabilities.has('CONDSTORE') || client.capabilities.has('QRESYNC'))) return false;
  const selected = client.mailbox;
  if (selected && selected.path === path) await client.noop();
  const status = await client.status(path, { uidValidity: true, uidNext: true, highestModseq: true });
  return (
    status !== false &&
    status.uidValidity?.toString() === cursor.uidValidity &&
    status.uidNext === cursor.uidNext &&
    status.highestModseq !== undefined &&
    status.highestModseq.toString() === cursor.highestModseq
  );
}
