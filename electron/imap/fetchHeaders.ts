/** FETCH of what the message list shows, by UID. Collected before returning: no command may run mid-fetch. */
import type { Address, MessageHeader } from '../../shared/contract/messages';
import { parseUidSet } from '../../shared/domain/uidSet';
import { cacheableFlags } from './cacheableFlags';
import type { ImapClient } from './imapClient';

interface EnvelopeAddress {
  name?: string;
  address?: string;
}

function toAddresses(list: EnvelopeAddress[] | undefined): Address[] {
  return (list ?? [])
    .filter((entry) => entry.address || entry.name)
    .map((entry) => ({ name: entry.name ?? '', address: entry.address ?? '' }));
}

function toEpoch(...candidates: (Date | string | undefined)[]): number {
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    const time = new Date(candidate).getTime();
    if (Number.isFinite(time)) return time;
  }
  return 0;
}

/**
 * multipart/mixed at the top is how mail with attachments is built. Thunderbird shows its paperclip from the
 * same sign until a message is opened; a BODYSTRUCTURE per message would cost every sync far more to parse.
 */
function looksLikeItHasAttachments(headers: string): boolean {
  return /^content-type:\s*multipart\/(mixed|report)\b/im.test(headers);
}

const MESSAGE_ID = /<[^<>\s]{1,250}>/g;
/** Enough ancestors to join any thread; a hostile header cannot make every row huge. */
const MAX_REFERENCES = 30;

/** The Message-IDs of the References field (unfolded), oldest first, the last MAX_REFERENCES kept. */
function referencesOf(headers: string): string[] {
  const field = /^references:(.*(?:\r?\n[ \t].*)*)/im.exec(headers)?.[1] ?? '';
  return (field.match(MESSAGE_ID) ?? []).slice(-MAX_REFERENCES);
}

function inReplyToOf(value: string | undefined): string | null {
  return value?.match(MESSAGE_ID)?.[0] ?? null;
}

export async function fetchHeaders(client: ImapClient, uids: number[] | string): Promise<MessageHeader[]> {
  const range = typeof uids === 'string' ? uids : uids.join(',');
  if (!range) return [];
  const fetched = await client.fetchAll(range, { uid: true, envelope: true, flags: true, size: true, internalDate: true, headers: ['content-type', 'references'] }, { uid: true });
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
    const envelope = message.envelope;
    const headers = message.headers?.toString('latin1') ?? '';
    return {
      uid: message.uid,
      messageId: envelope?.messageId ?? null,
      subject: envelope?.subject ?? '',
      from: toAddresses(envelope?.from),
      to: toAddresses(envelope?.to),
      cc: toAddresses(envelope?.cc),
      date: toEpoch(envelope?.date, message.internalDate),
      flags: cacheableFlags(message.flags),
      size: message.size ?? 0,
      hasAttachments: looksLikeItHasAttachments(headers),
      inReplyTo: inReplyToOf(envelope?.inReplyTo),
      references: referencesOf(headers),
    };
  });
}
