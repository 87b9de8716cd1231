/** FETCH of what the message list shows, by UID. Collected before returning: no command may run mid-fetch. */
import type { Address, MessageHeader } from '../../shared/contract/messages';
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
function looksLikeItHasAttachments(headers: Buffer | undefined): boolean {
  return headers !== undefined && /^content-type:\s*multipart\/(mixed|report)\b/im.test(headers.toString('latin1'));
}

export async function fetchHeaders(client: ImapClient, uids: number[] | string): Promise<MessageHeader[]> {
  const range = typeof uids === 'string' ? uids : uids.join(',');
  if (!range) return [];
  const messages = await client.fetchAll(range, { uid: true, envelope: true, flags: true, size: true, internalDate: true, headers: ['content-type'] }, { uid: true });
  // Newest first, like the batches: the first screenful is the first rows stored.
  return messages.sort((a, b) => b.uid - a.uid).map((message) => {
    const envelope = message.envelope;
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
      hasAttachments: looksLikeItHasAttachments(message.headers),
    };
  });
}
