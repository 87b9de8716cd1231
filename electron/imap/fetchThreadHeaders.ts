/**
 * The original's threading headers (Message-ID, References, In-Reply-To), read from the server when a reply
 * is sent: the renderer's cache holds the Message-ID but not References, and a reply's References must carry
 * the whole chain for clients that thread by it. One UID FETCH of three header fields (BODY.PEEK, so nothing
 * is marked read), after an EXAMINE that checks the folder was not rebuilt.
 */
import type { ImapClient } from './imapClient';
import { selectMailbox } from './selectMailbox';
import { parseMessageIds } from '../../shared/domain/quoting';

export interface ThreadHeaders {
  messageId: string | null;
  references: string[];
  inReplyTo: string[];
}

/** Header fields of an RFC 5322 header block, unfolded; names lower-cased. Later duplicates are ignored. */
export function headerFields(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!fields.has(name)) fields.set(name, line.slice(colon + 1).trim());
  }
  return fields;
}

export async function readThreadHeaders(client: ImapClient, path: string, uidValidity: string, uid: number): Promise<ThreadHeaders | null> {
  const selected = await selectMailbox(client, path);
  if (selected.uidValidity !== uidValidity) return null;
  const message = await client.fetchOne(String(uid), { uid: true, headers: ['message-id', 'references', 'in-reply-to'] }, { uid: true });
  if (!message || !message.headers) return null;
  const fields = headerFields(message.headers.toString('latin1'));
  return {
    messageId: parseMessageIds(fields.get('message-id'))[0] ?? null,
    references: parseMessageIds(fields.get('references')),
    inReplyTo: parseMessageIds(fields.get('in-reply-to')),
  };
}
