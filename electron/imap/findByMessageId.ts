/**
 * Where did these messages go? For an action whose messages vanished from their folder because another
 * device moved them: each Message-ID is looked up (SEARCH HEADER Message-ID) in the account's other folders,
 * the likely homes first (Archive, All Mail, Trash, Junk), and at most MAX_FOLDERS of them.
 */
import type { MailboxInfo } from '../../shared/contract/mailboxes';
import type { ImapClient } from './imapClient';

const MAX_FOLDERS = 50;
const LIKELY = ['archive', 'all', 'trash', 'junk', 'inbox', 'sent'];

export interface Found {
  path: string;
  uid: number;
}

export async function findByMessageId(client: ImapClient, folders: MailboxInfo[], skipPath: string, messageIds: string[]): Promise<Map<string, Found>> {
  const rank = (box: MailboxInfo) => {
    const at = box.specialUse ? LIKELY.indexOf(box.specialUse) : -1;
    return at < 0 ? LIKELY.length : at;
  };
  const candidates = folders.filter((box) => box.selectable && box.path !== skipPath).sort((a, b) => rank(a) - rank(b)).slice(0, MAX_FOLDERS);
  const found = new Map<string, Found>();
  for (const box of candidates) {
    const remaining = messageIds.filter((id) => !found.has(id));
    if (remaining.length === 0) break;
    await client.mailboxOpen(box.path, { readOnly: true });
    for (const id of remaining) {
      const uids = await client.search({ header: { 'message-id': id } }, { uid: true });
      const uid = Array.isArray(uids) ? uids[0] : undefined;
      if (uid !== undefined) found.set(id, { path: box.path, uid });
    }
  }
  return found;
}

/** The UIDs of `uids` that still exist in the selected mailbox. */
export async function existingUids(client: ImapClient, uidSet: string): Promise<Set<number>> {
  const uids = await client.search({ uid: uidSet }, { uid: true });
  return new Set(Array.isArray(uids) ? uids : []);
}
