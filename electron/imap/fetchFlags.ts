/** FETCH FLAGS by UID range; with CONDSTORE only what changed since a modseq. */
import type { FlagUpdate } from '../../shared/contract/sync';
import { cacheableFlags } from './cacheableFlags';
import type { ImapClient } from './imapClient';

export async function fetchFlags(client: ImapClient, range: string, changedSince: bigint | null): Promise<FlagUpdate[]> {
  const options = changedSince === null ? { uid: true } : { uid: true, changedSince };
  const messages = await client.fetchAll(range, { uid: true, flags: true }, options);
  return messages.map((message) => ({ uid: message.uid, flags: cacheableFlags(message.flags) }));
}
