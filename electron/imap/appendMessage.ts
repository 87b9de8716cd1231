/**
 * Files a sent message in the account's Sent folder: APPEND of the exact bytes that went out, \Seen.
 * Capabilities first: a Gmail-like server (X-GM-EXT-1) files every submitted message in Sent by itself, so
 * a copy from us would be a duplicate. The folder is the one marked \Sent (RFC 6154), else a top-level folder
 * with a usual name; with neither there is no copy (creating one is left to the user).
 */
import type { ImapClient } from './imapClient';

export type SentCopy =
  | { state: 'saved'; path: string; uid: number | null; uidValidity: string | null }
  | { state: 'server-saves' }
  | { state: 'no-sent-folder' };

const USUAL_NAMES = ['sent', 'sent items', 'sent messages', 'sent mail'];

export async function findSentMailbox(client: ImapClient): Promise<string | null> {
  const entries = await client.list();
  const marked = entries.find((entry) => entry.specialUse === '\\Sent' || entry.flags.has('\\Sent'));
  if (marked) return marked.path;
  const named = entries.find((entry) => !entry.parentPath && USUAL_NAMES.includes(entry.name.toLowerCase()) && !entry.flags.has('\\Noselect'));
  return named?.path ?? null;
}

export async function appendToSent(client: ImapClient, raw: Buffer, date: Date): Promise<SentCopy> {
  if (client.capabilities.has('X-GM-EXT-1')) return { state: 'server-saves' };
  const path = await findSentMailbox(client);
  if (path === null) return { state: 'no-sent-folder' };
  const result = await client.append(path, raw, ['\\Seen'], date);
  if (!result) throw new Error(`the server refused to save the message in “${path}”`);
  return { state: 'saved', path, uid: result.uid ?? null, uidValidity: result.uidValidity?.toString() ?? null };
}
