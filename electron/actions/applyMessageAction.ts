/**
 * One queued user action on the server. Flags are added or removed exactly as the user touched them; moves
 * use MOVE (or COPY + our own UID EXPUNGE). A message that meanwhile vanished from the folder because another
 * device moved it is followed: found by its Message-ID in another folder, it gets the same flags, or is moved
 * on from where it now is (unless it already sits in the target). Expunged everywhere: dropped silently.
 */
import type { ActionOutcome, MessageAction } from '../../shared/contract/actions';
import { formatUidSet } from '../../shared/domain/uidSet';
import { existingUids, findByMessageId } from '../imap/findByMessageId';
import type { ImapClient } from '../imap/imapClient';
import { listMailboxes } from '../imap/listMailboxes';
import { moveMessages, removeMessages } from '../imap/moveMessages';
import { openForChanges } from '../imap/openForChanges';
import { storeFlags } from '../imap/storeFlags';

const NOTHING: ActionOutcome = { uidMap: [], targetUidValidity: null };

export async function applyMessageAction(client: ImapClient, action: MessageAction): Promise<ActionOutcome> {
  const uids = formatUidSet(action.uids);
  if (!uids) return NOTHING;
  await openForChanges(client, action.path, action.uidValidity);
  const missing = action.kind !== 'deletePermanently' && action.messageIds ? await missingMessageIds(client, action, uids) : [];
  let outcome: ActionOutcome;
  switch (action.kind) {
    case 'setFlags':
      await storeFlags(client, uids, action.add, action.remove);
      outcome = NOTHING;
      break;
    case 'move':
      outcome = await moveMessages(client, uids, action.target);
      break;
    case 'deletePermanently':
      await removeMessages(client, uids);
      return NOTHING;
  }
  if (missing.length > 0) await follow(client, action, missing, outcome);
  return outcome;
}

/** The Message-IDs of the action's messages that are no longer in its folder. */
async function missingMessageIds(client: ImapClient, action: MessageAction & { messageIds?: (string | null)[] }, uids: string): Promise<string[]> {
  const present = await existingUids(client, uids);
  return action.uids.flatMap((uid, i) => {
    const id = action.messageIds?.[i];
    return !present.has(uid) && id ? [id] : [];
  });
}

async function follow(client: ImapClient, action: Exclude<MessageAction, { kind: 'deletePermanently' }>, messageIds: string[], outcome: ActionOutcome): Promise<void> {
  const folders = (await listMailboxes(client, action.accountId)).map(({ info }) => info);
  const found = await findByMessageId(client, folders, action.path, messageIds);
  const byFolder = new Map<string, number[]>();
  for (const { path, uid } of found.values()) {
    if (action.kind === 'move' && path === action.target) continue;
    byFolder.set(path, [...(byFolder.get(path) ?? []), uid]);
  }
  for (const [path, uids] of byFolder) {
    const opened = await client.mailboxOpen(path);
    if (opened.readOnly) continue;
    const set = formatUidSet(uids);
    if (!set) continue;
    if (action.kind === 'setFlags') await storeFlags(client, set, action.add, action.remove);
    else outcome.uidMap.push(...(await moveMessages(client, set, action.target)).uidMap);
  }
}
