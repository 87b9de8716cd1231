/**
 * The Drafts folder. A new version of a draft is APPENDed (\Draft \Seen) before the old ones go, so a lost
 * connection can cost a duplicate for a moment but never the draft. The old versions are found by UID (the
 * one the client knows) and by the draft's own header (every version any device wrote), and removed with
 * \Deleted + UID EXPUNGE of exactly those UIDs — without UIDPLUS they stay \Deleted: never a bare EXPUNGE.
 */
import type { DraftLocation } from '../../shared/contract/drafts';
import { formatUidSet } from '../../shared/domain/uidSet';
import type { ImapClient } from './imapClient';
import { removeMessages } from './moveMessages';

/** Names a draft across its versions and devices. */
export const DRAFT_ID_HEADER = 'X-Tern-Draft-Id';

const USUAL_NAMES = ['drafts', 'draft'];

/** The folder marked \Drafts (RFC 6154), else a top-level folder with the usual name. */
export async function findDraftsMailbox(client: ImapClient): Promise<string | null> {
  const entries = await client.list();
  const marked = entries.find((entry) => entry.specialUse === '\\Drafts' || entry.flags.has('\\Drafts'));
  if (marked) return marked.path;
  const named = entries.find((entry) => !entry.parentPath && USUAL_NAMES.includes(entry.name.toLowerCase()) && !entry.flags.has('\\Noselect'));
  return named?.path ?? null;
}

export async function appendDraft(client: ImapClient, path: string, raw: Buffer, date: Date): Promise<{ uid: number | null; uidValidity: string | null }> {
  const result = await client.append(path, raw, ['\\Draft', '\\Seen'], date);
  if (!result) throw new Error(`the server refused to save the draft in “${path}”`);
  return { uid: result.uid ?? null, uidValidity: result.uidValidity?.toString() ?? null };
}

/**
 * Removes from `path` every version of the draft except the one just written (`keep`: its UID, or its
 * Message-ID when the server did not say where it put it). Returns how many were removed.
 */
export async function removeDraftVersions(
  client: ImapClient,
  path: string,
  draftId: string,
  known: DraftLocation | null,
  keep: { uid: number | null; messageId: string } | null,
): Promise<number> {
  const mailbox = await client.mailboxOpen(path);
  const uids = new Set<number>();
  if (known && known.path === path && known.uidValidity === mailbox.uidValidity.toString()) uids.add(known.uid);
  for (const uid of (await client.search({ header: { [DRAFT_ID_HEADER]: draftId } }, { uid: true })) || []) uids.add(uid);
  if (keep) {
    const kept = keep.uid !== null ? [keep.uid] : (await client.search({ header: { 'message-id': keep.messageId } }, { uid: true })) || [];
    // The new version could not be told apart from the old ones: better two copies for now than none.
    if (kept.length === 0) return 0;
    for (const uid of kept) uids.delete(uid);
  }
  if (uids.size === 0) return 0;
  await removeMessages(client, formatUidSet(uids));
  return uids.size;
}
