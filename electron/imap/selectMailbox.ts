/** Opens a mailbox read-only and reports what the sync needs to know about it. */
import { TernError } from '../../shared/contract/errors';
import type { ImapClient } from './imapClient';

export interface SelectedMailbox {
  uidValidity: string;
  uidNext: number;
  exists: number;
  /** Null where CONDSTORE is not enabled or the mailbox has no mod-sequences: `changedSince` would be ignored. */
  highestModseq: bigint | null;
  /** The server answered a QRESYNC SELECT: vanished UIDs and changed flags arrived as events during it. */
  qresync: boolean;
}

export interface QresyncParams {
  uidValidity: string;
  changedSince: string;
}

export async function selectMailbox(client: ImapClient, path: string, qresync?: QresyncParams): Promise<SelectedMailbox> {
  let mailbox;
  try {
    // Read-only (EXAMINE): syncing never changes the mailbox, so nothing can be expunged or un-\Recent-ed by it.
    mailbox = await client.mailboxOpen(path, {
      readOnly: true,
      ...(qresync && client.enabled.has('QRESYNC') ? { uidValidity: BigInt(qresync.uidValidity), changedSince: BigInt(qresync.changedSince) } : {}),
    });
  } catch (error) {
    if ((error as { mailboxMissing?: boolean }).mailboxMissing) {
      throw new TernError('NOT_FOUND', `The folder “${path}” no longer exists on the server (it was renamed or deleted elsewhere).`);
    }
    throw error;
  }
  const condstore = (client.enabled.has('CONDSTORE') || client.enabled.has('QRESYNC')) && !mailbox.noModseq && mailbox.highestModseq !== undefined;
  return {
    uidValidity: mailbox.uidValidity.toString(),
    uidNext: mailbox.uidNext,
    exists: mailbox.exists,
    highestModseq: condstore ? (mailbox.highestModseq ?? null) : null,
    qresync: Boolean((mailbox as { qresync?: boolean }).qresync) && qresync !== undefined && mailbox.uidValidity.toString() === qresync.uidValidity,
  };
}
