/** Opens a mailbox and reports what the sync needs to know about it. */
import type { ImapClient } from './imapClient';

export interface SelectedMailbox {
  uidValidity: string;
  uidNext: number;
  exists: number;
  /** Null where CONDSTORE is not enabled or the mailbox has no mod-sequences: `changedSince` would be ignored. */
  highestModseq: bigint | null;
}

export async function selectMailbox(client: ImapClient, path: string): Promise<SelectedMailbox> {
  // Read-only: syncing never changes the mailbox, so EXAMINE cannot expunge or reset \Recent by accident.
  const mailbox = await client.mailboxOpen(path, { readOnly: true });
  const condstore = client.enabled.has('CONDSTORE') && !mailbox.noModseq && mailbox.highestModseq !== undefined;
  return {
    uidValidity: mailbox.uidValidity.toString(),
    uidNext: mailbox.uidNext,
    exists: mailbox.exists,
    highestModseq: condstore ? (mailbox.highestModseq ?? null) : null,
  };
}
