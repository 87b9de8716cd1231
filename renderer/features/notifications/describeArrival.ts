/** What a new-mail notification says: the sender and subject for one message, a count and senders for more. */
import type { MessageHeader } from '../../../shared/contract/messages';
import { senderLabel } from '../../../shared/domain/formatAddress';

export interface ArrivalText {
  title: string;
  body: string;
  /** The message a click opens: the newest. */
  uid: number;
}

export function describeArrival(headers: MessageHeader[], accountEmail: string): ArrivalText {
  const newest = [...headers].sort((a, b) => b.date - a.date || b.uid - a.uid);
  const first = newest[0]!;
  if (newest.length === 1) return { title: senderLabel(first.from), body: first.subject || '(no subject)', uid: first.uid };
  const senders = [...new Set(newest.map((header) => senderLabel(header.from)))];
  const named = senders.length <= 3 ? senders.join(', ') : `${senders.slice(0, 2).join(', ')} and ${senders.length - 2} others`;
  return { title: `${newest.length} new messages`, body: `From ${named} — ${accountEmail}`, uid: first.uid };
}
