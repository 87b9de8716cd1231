/**
 * FETCH FLAGS by UID range; with CONDSTORE only what changed since a modseq. Without it (a server without
 * CONDSTORE) every cached message's flags come back, so they are read straight from the parsed response
 * (fetchByUid.ts); the CHANGEDSINCE form names few messages and stays with imapflow's fetch, which adds MODSEQ.
 */
import type { FlagUpdate } from '../../shared/contract/sync';
import { cacheableFlags } from './cacheableFlags';
import { fetchByUid } from './fetchByUid';
import type { ImapClient } from './imapClient';

export async function fetchFlags(client: ImapClient, range: string, changedSince: bigint | null): Promise<FlagUpdate[]> {
  if (changedSince === null) return [...(await fetchByUid(client, range, {})).values()].map((row) => ({ uid: row.uid, flags: cacheableFlags(row.flags) }));
  const messages = await client.fetchAll(range, { uid: true, flags: true }, { uid: true, changedSince });
  return messages.map((message) => ({ uid: message.uid, flags: cacheableFlags(message.flags) }));
}
