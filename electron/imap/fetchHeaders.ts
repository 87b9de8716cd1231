/** FETCH of what the message list shows, by UID. Collected before returning: no command may run mid-fetch. */
import type { MessageHeader } from '../../shared/contract/messages';
import { parseUidSet } from '../../shared/domain/uidSet';
import { cacheableFlags } from './cacheableFlags';
import { fetchByUid } from './fetchByUid';
import type { ImapClient } from './imapClient';
import { LIST_HEADER_FIELDS, listHeaderFields } from './listHeaderFields';

type Fetched = Awaited<ReturnType<ImapClient['fetchAll']>>[number];

/** Only what was asked for, once each: a server may add rows for other UIDs, or repeat one. */
function byAskedUid(fetched: Fetched[], range: string): Map<number, Fetched> {
  const asked = parseUidSet(range);
  const byUid = new Map<number, Fetched>();
  for (const message of fetched) {
    if (!Number.isSafeInteger(message.uid) || message.uid < 1 || (asked !== null && !asked.has(message.uid))) continue;
    const earlier = byUid.get(message.uid);
    byUid.set(message.uid, earlier ? { ...earlier, ...message } : message);
  }
  return byUid;
}

/**
 * The arrival time (INTERNALDATE) of the messages whose Date field is missing or unreadable, asked only for them:
 * a quoted date per message is a tenth of what imapflow parses in a header FETCH, for a fallback most mail never needs.
 */
async function arrivalTimes(client: ImapClient, uids: number[]): Promise<Map<number, number>> {
  const times = new Map<number, number>();
  if (uids.length === 0) return times;
  const range = uids.join(',');
  for (const [uid, message] of byAskedUid(await client.fetchAll(range, { uid: true, internalDate: true }, { uid: true }), range)) {
    const time = message.internalDate ? new Date(message.internalDate).getTime() : NaN;
    if (Number.isFinite(time)) times.set(uid, time);
  }
  return times;
}

export async function fetchHeaders(client: ImapClient, uids: number[] | string): Promise<MessageHeader[]> {
  const range = typeof uids === 'string' ? uids : uids.join(',');
  if (!range) return [];
  // Newest first, like the batches: the first screenful is the first rows stored.
  const messages = [...(await fetchByUid(client, range, { size: true, headerFields: LIST_HEADER_FIELDS })).values()].sort((a, b) => b.uid - a.uid);
  const parsed = messages.map((message) => listHeaderFields(message.headers));
  const arrived = await arrivalTimes(client, messages.filter((_, i) => parsed[i]?.date === null).map((message) => message.uid));
  return messages.map((message, i) => {
    const { date, ...fields } = parsed[i]!;
    return { uid: message.uid, ...fields, date: date ?? arrived.get(message.uid) ?? 0, flags: cacheableFlags(message.flags), size: message.size ?? 0 };
  });
}
