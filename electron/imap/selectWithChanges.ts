/**
 * A QRESYNC SELECT (RFC 7162): given the cached UIDVALIDITY and HIGHESTMODSEQ, the server names what vanished
 * and which flags changed since, inside the SELECT response itself — an unchanged mailbox costs a few hundred
 * bytes. imapflow reports both as events that fire before mailboxOpen resolves, so they are routed by path.
 */
import { cacheableFlags } from './cacheableFlags';
import type { ImapClient } from './imapClient';
import { selectMailbox, type QresyncParams, type SelectedMailbox } from './selectMailbox';

export interface SelectedWithChanges extends SelectedMailbox {
  vanished: number[];
  changedFlags: Map<number, string[]>;
}

export async function selectWithChanges(client: ImapClient, path: string, since: QresyncParams | null): Promise<SelectedWithChanges> {
  const vanished = new Set<number>();
  const changedFlags = new Map<number, string[]>();
  const onExpunge = (event: { path?: string; uid?: number }) => {
    if (event.path === path && typeof event.uid === 'number') vanished.add(event.uid);
  };
  const onFlags = (event: { path?: string; uid?: number; flags?: Set<string> }) => {
    if (event.path === path && typeof event.uid === 'number') changedFlags.set(event.uid, cacheableFlags(event.flags));
  };
  client.on('expunge', onExpunge);
  client.on('flags', onFlags);
  try {
    const selected = await selectMailbox(client, path, since ?? undefined);
    for (const uid of vanished) changedFlags.delete(uid);
    return { ...selected, vanished: [...vanished], changedFlags };
  } finally {
    client.off('expunge', onExpunge);
    client.off('flags', onFlags);
  }
}
