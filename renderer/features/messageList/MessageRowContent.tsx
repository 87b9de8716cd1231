/**
 * What a list row shows of a message, the same in a folder and in search results: unread dot, sender,
 * marks (flag, paperclip), date on the first line; tags, subject and the start of the text on the second.
 * `extra` slots in before the date (search results name the folder there).
 */
import type { ReactNode } from 'react';
import { senderLabel } from '../../../shared/domain/formatAddress';
import { tagLabel, tagsOf } from '../../../shared/domain/tags';
import type { MessageRow } from '../../cache/db';
import { AttachmentIcon } from '../../ui/icons';
import { shortDate } from './shortDate';

type Shown = Pick<MessageRow, 'from' | 'flags' | 'date' | 'subject' | 'hasAttachments' | 'snippet'>;

export function MessageRowContent({ message, afterSender, extra }: { message: Shown; afterSender?: ReactNode; extra?: ReactNode }) {
  return (
    <>
      <div className="row-top">
        {!message.flags.includes('\\Seen') && <span className="unread-dot" aria-label="Unread" />}
        <span className="sender">{senderLabel(message.from)}</span>
        {afterSender}
        {message.flags.includes('\\Flagged') && <span className="flag" aria-label="Flagged">★</span>}
        {message.hasAttachments && <AttachmentIcon />}
        {extra}
        <time className="date" dateTime={new Date(message.date).toISOString()}>{shortDate(message.date)}</time>
      </div>
      <div className="subject">
        {tagsOf(message.flags).map((tag) => (
          <span key={tag} className="tag">{tagLabel(tag)}</span>
        ))}
        {message.subject || '(no subject)'}
        {message.snippet && <span className="snippet"> — {message.snippet}</span>}
      </div>
    </>
  );
}
