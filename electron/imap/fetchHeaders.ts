/** FETCH of what the message list shows, by UID. Collected before returning: no command may run mid-fetch. */
import type { MessageHeader } from '../../shared/contract/messages';
import { parseUidSet } from '../../shared/domain/uidSet';
import { cacheableFlags } from './cacheableFlags';
import type { ImapClient } from './imapClient';
import { LIST_HEADER_FIELDS, listHeaderFields } from './listHeaderFields';

export async function fetchHeaders(client: ImapClient, uids: number[] | string): Promise<MessageHeader[]> {
  const range = typeof uids === 'string' ? uids : uids.join(',');
  if (!range) return [];
  const fetched = await client.fetchAll(range, { uid: true, flags: true, size: true, internalDate: true, headers: LIST_HEADER_FIELDS }, { uid: true });
  // Only what was asked for, once each: a server may add rows for other UIDs, or repeat one.
  const asked = parseUidSet(range);
  const byUid = new Map<number, (typeof fetched)[number]>();
  for (const message of fetched) {
    if (!Number.isSafeInteger(message.uid) || message.uid < 1 || (asked !== null && !asked.has(message.uid))) continue;
    const earlier = byUid.get(message.uid);
    byUid.set(message.uid, earlier ? { ...earlier, ...message } : message);
  }
  // Newest first, like the batches: the first screenful is the first rows stored.
  return [...byUid.values()].sort((a, b) => b.uid - a.uid).map((message) => {
    const { date, ...fields } = listHeaderFields(message.headers);
    const arrived = message.internalDate ? new Date(message.internalDate).getTime() : NaN;
    return {
      uid: message.uid,
      ...fields,
      date: date ?? (Number.isFinite(arrived) ? arrived : 0),
      flags: cacheableFlags(message.flags),
      size: message.size ?? 0,
    };
  });
}
