/** LIST with STATUS in one round trip (LIST-STATUS where the server has it), mapped to the contract's shape. */
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
}

export async function listMailboxes(client: ImapClient, accountId: string): Promise<ListedMailbox[]> {
  const entries = await client.list({ statusQuery: { messages: true, unseen: true, uidNext: true, uidValidity: true, highestModseq: true } });
  return entries.map((entry) => {
    const flags = entry.flags;
    const selectable = !flags.has('\\Noselect') && !flags.has('\\NonExistent');
    const specialUse = entry.path.toUpperCase() === 'INBOX' ? 'inbox' : (SPECIAL_USE[entry.specialUse ?? ''] ?? null);
    const status = entry.status;
    const fingerprint = status ? [status.uidValidity, status.uidNext, status.messages, status.unseen, status.highestModseq].join(':') : '';
    const info: MailboxInfo = {
      accountId,
      path: entry.path,
      name: entry.name,
      delimiter: entry.delimiter || null,
      parentPath: entry.parentPath ? entry.parentPath : null,
      specialUse,
      subscribed: entry.subscribed === true,
      selectable,
      messages: entry.status?.messages ?? null,
      unseen: entry.status?.unseen ?? null,
    };
    return { info, fingerprint };
  });
}
