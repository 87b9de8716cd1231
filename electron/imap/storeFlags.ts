/**
 * +FLAGS / -FLAGS of exactly what the user touched (never a FLAGS replace: another device may have changed
 * other flags meanwhile, and both changes must survive). A UID that vanished elsewhere is simply not there.
 */
import type { ImapClient } from './imapClient';

export async function storeFlags(client: ImapClient, uids: string, add: string[], remove: string[]): Promise<void> {
  if (add.length > 0) await client.messageFlagsAdd(uids, add, { uid: true, silent: true });
  if (remove.length > 0) await client.messageFlagsRemove(uids, remove, { uid: true, silent: true });
}
