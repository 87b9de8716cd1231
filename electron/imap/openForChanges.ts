/**
 * SELECTs a mailbox read-write for a user action, refusing when its UIDVALIDITY is not the one the action was
 * taken under: those UIDs would now name other messages.
 */
import { TernError } from '../../shared/contract/errors';
import type { ImapClient } from './imapClient';

export async function openForChanges(client: ImapClient, path: string, uidValidity: string): Promise<void> {
  let mailbox;
  try {
    mailbox = await client.mailboxOpen(path);
  } catch (error) {
    if ((error as { mailboxMissing?: boolean }).mailboxMissing) {
      throw new TernError('NOT_FOUND', `The folder “${path}” no longer exists on the server.`);
    }
    throw error;
  }
  if (mailbox.uidValidity.toString() !== uidValidity) {
    throw new TernError('NOT_FOUND', `The folder “${path}” was rebuilt on the server; the action no longer applies to the same messages.`);
  }
  if (mailbox.readOnly) throw new TernError('INVALID_INPUT', `The folder “${path}” is read-only on the server.`);
}
