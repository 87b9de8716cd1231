/**
 * +FLAGS / -FLAGS of exactly what the user touched (never a FLAGS replace: another device may have changed
 * other flags meanwhile, and both changes must survive). A UID that vanished elsewhere is simply not there.
 * What is added is checked against the selected mailbox's PERMANENTFLAGS first: without `\*` the server keeps
 * only the keywords (tags) it names, and a system flag only if named; anything else would be accepted for this
 * session and then vanish at the next sync — so it is refused up front with a reason instead.
 */
import { TernError } from '../../shared/contract/errors';
import { tagLabel } from '../../shared/domain/tags';
import type { ImapClient } from './imapClient';

/** The flags and keywords among `flags` that the selected mailbox will not keep. */
export function flagsNotKept(client: ImapClient, flags: string[]): string[] {
  const mailbox = client.mailbox;
  const permanent = mailbox ? mailbox.permanentFlags : undefined;
  // No PERMANENTFLAGS at all means every flag is permanent (RFC 3501 §7.1).
  if (!permanent || permanent.size === 0) return [];
  const newKeywords = permanent.has('\\*');
  return flags.filter((flag) => !permanent.has(flag) && (flag.startsWith('\\') || !newKeywords));
}

export async function storeFlags(client: ImapClient, uids: string, add: string[], remove: string[]): Promise<void> {
  const refused = flagsNotKept(client, add);
  if (refused.length > 0) {
    const where = client.mailbox ? ` on messages in “${client.mailbox.path}”` : '';
    const names = refused.map((flag) => (flag.startsWith('\\') ? flag : `the tag “${tagLabel(flag)}”`)).join(', ');
    throw new TernError('INVALID_INPUT', `The server does not keep ${names}${where} (the folder's PERMANENTFLAGS do not allow it), so nothing was changed.`);
  }
  if (add.length > 0) await client.messageFlagsAdd(uids, add, { uid: true, silent: true });
  if (remove.length > 0) await client.messageFlagsRemove(uids, remove, { uid: true, silent: true });
}
