/**
 * UID MOVE where the server has MOVE; otherwise COPY, +FLAGS \Deleted, and UID EXPUNGE of exactly our UIDs —
 * and without UIDPLUS no expunge at all (a bare EXPUNGE would also remove what another device only marked
 * \Deleted): the originals stay flagged \Deleted for the server or another client to purge.
 */
import type { ActionOutcome } from '../../shared/contract/actions';
import { TernError } from '../../shared/contract/errors';
import type { ImapClient } from './imapClient';

async function targetMissing(client: ImapClient, target: string): Promise<boolean> {
  const status = await client.status(target, { messages: true }).catch(() => false as const);
  return status === false;
}

export async function moveMessages(client: ImapClient, uids: string, target: string): Promise<ActionOutcome> {
  const result = client.capabilities.has('MOVE')
    ? await client.messageMove(uids, target, { uid: true })
    : await copyThenRemove(client, uids, target);
  if (!result) {
    if (await targetMissing(client, target)) throw new TernError('NOT_FOUND', `The folder “${target}” no longer exists on the server; the messages stayed where they were.`);
    throw new TernError('INTERNAL', `The server refused to move the messages to “${target}”.`);
  }
  return { uidMap: [...(result.uidMap ?? new Map<number, number>())], targetUidValidity: result.uidValidity?.toString() ?? null };
}

async function copyThenRemove(client: ImapClient, uids: string, target: string) {
  const copied = await client.messageCopy(uids, target, { uid: true });
  if (!copied) return false;
  await removeMessages(client, uids);
  return copied;
}

/** \Deleted, then UID EXPUNGE of these UIDs only (UIDPLUS); never a bare EXPUNGE. */
export async function removeMessages(client: ImapClient, uids: string): Promise<void> {
  await client.messageFlagsAdd(uids, ['\\Deleted'], { uid: true, silent: true });
  if (client.capabilities.has('UIDPLUS')) await client.messageDelete(uids, { uid: true });
}
