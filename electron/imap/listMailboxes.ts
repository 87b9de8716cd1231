/**
 * LIST with STATUS in one round trip (LIST-STATUS where the server has it), mapped to the contract's shape.
 * Folder names are the server's to choose: a path is kept exactly as listed (it is an opaque label, never a
 * file path), while the name shown loses control and bidi characters.
 */
import type { MailboxInfo, SpecialUse } from '../../shared/contract/mailboxes';
import type { ImapClient } from './imapClient';

const SPECIAL_USE: Record<string, SpecialUse> = {
  '\\Inbox': 'inbox',
  '\\Drafts': 'drafts',
  '\\Sent': 'sent',
  '\\Trash': 'trash',
  '\\Junk': 'junk',
  '\\Archive': 'archive',
  '\\All': 'all',
  '\\Flagged': 'flagged',
};

export interface ListedMailbox {
  info: MailboxInfo;
  /** Changes whenever anything in the folder does (new or removed mail, flags): compared between polls. */
  fingerprint: string;
  /** The folder's UIDVALIDITY as this listing saw it (a fresh look, unlike a session that has it selected). */
  uidValidity: string | null;
}

const STATUS_QUERY = { messages: true, unseen: true, uidNext: true, uidValidity: true, highestModseq: true };

/**
 * Without LIST-STATUS each folder's status is one more round trip, every poll: only this many folders get one
 * (INBOX and subscribed folders first), so 50,000 folders cost no more than 200. The rest sync when opened.
 */
export const MAX_STATUS_ROUND_TRIPS = 200;

/** The contract refuses longer paths, so such a folder could never be opened: it is left out of the list. */
const MAX_PATH_CHARS = 1024;

// C0 (NUL included), DEL, C1, and the invisible bidi and zero-width characters that can disguise a name.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\u061c\ufeff]/g;

/** What the folder tree shows: a NUL or line break becomes a visible U+FFFD, bidi tricks disappear. */
export function displayName(name: string): string {
  const shown = name.replace(INVISIBLE, '').replace(CONTROL, '\ufffd').trim();
  return shown === '' ? '\ufffd' : shown;
}

type ListEntry = Awaited<ReturnType<ImapClient['list']>>[number];

async function listWithStatus(client: ImapClient): Promise<ListEntry[]> {
  if (client.capabilities.has('LIST-STATUS')) return client.list({ statusQuery: STATUS_QUERY });
  const entries = await client.list();
  const wanted = entries
    .filter((entry) => !entry.flags.has('\\Noselect') && !entry.flags.has('\\NonExistent') && entry.path.length <= MAX_PATH_CHARS)
    .sort((a, b) => Number(b.path.toUpperCase() === 'INBOX') - Number(a.path.toUpperCase() === 'INBOX') || Number(b.subscribed === true) - Number(a.subscribed === true))
    .slice(0, MAX_STATUS_ROUND_TRIPS);
  for (const entry of wanted) {
    // One folder's refusal (or odd name) costs that folder its counts, not the whole list; a lost
    // connection fails the listing.
    const status = await client.status(entry.path, STATUS_QUERY).catch((error: unknown) => {
      if (!client.usable) throw error;
      return false as const;
    });
    if (status) entry.status = status;
  }
  return entries;
}

export async function listMailboxes(client: ImapClient, accountId: string): Promise<ListedMailbox[]> {
  const entries = await listWithStatus(client);
  const seen = new Set<string>();
  // A server may list a path twice; the second would be the same folder in the tree and the cache.
  const usable = entries.filter((entry) => entry.path.length <= MAX_PATH_CHARS && !seen.has(entry.path) && seen.add(entry.path));
  return usable.map((entry) => {
    const flags = entry.flags;
    const selectable = !flags.has('\\Noselect') && !flags.has('\\NonExistent');
    const specialUse = entry.path.toUpperCase() === 'INBOX' ? 'inbox' : (SPECIAL_USE[entry.specialUse ?? ''] ?? null);
    const status = entry.status;
    const fingerprint = status ? [status.uidValidity, status.uidNext, status.messages, status.unseen, status.highestModseq].join(':') : '';
    const info: MailboxInfo = {
      accountId,
      path: entry.path,
      name: displayName(entry.name),
      delimiter: entry.delimiter || null,
      parentPath: entry.parentPath ? entry.parentPath : null,
      specialUse,
      subscribed: entry.subscribed === true,
      selectable,
      messages: entry.status?.messages ?? null,
      unseen: entry.status?.unseen ?? null,
    };
    return { info, fingerprint, uidValidity: status?.uidValidity !== undefined ? status.uidValidity.toString() : null };
  });
}
