/**
 * The original's threading headers (Message-ID, References, In-Reply-To), read from the server when a reply
 * is sent: the renderer's cache holds the Message-ID but not References, and a reply's References must carry
 * the whole chain for clients that thread by it. One UID FETCH of three header fields (BODY.PEEK, so nothing
 * is marked read), after an EXAMINE that checks the folder was not rebuilt.
 */
import type { ImapClient } from './imapClient';
import { selectMailbox } from './selectMailbox';
import { firstFieldValues } from '../../shared/domain/headerFields';
import { parseMessageIds } from '../../shared/domain/quoting';

export interface ThreadHeaders {
  messageId: string | null;
  references: string[];
  inReplyTo: string[];
}

export async function readThreadHeaders(client: ImapClient, path: string, uidValidity: string, uid: number): Promise<ThreadHeaders | null> {
  const selected = await selectMailbox(client, path);
  if (selected.uidValidity !== uidValidity) return null;
  const message = await client.fetchOne(String(uid), { uid: true, headers: ['message-id', 'references', 'in-reply-to'] }, { uid: true });
  if (!message || !message.headers) return null;
  const fields = firstFieldValues(message.headers.toString('latin1'));
  return {
    messageId: parseMessageIds(fields.get('message-id'))[0] ?? null,
    references: parseMessageIds(fields.get('references')),
    inReplyTo: parseMessageIds(fields.get('in-reply-to')),
  };
}
