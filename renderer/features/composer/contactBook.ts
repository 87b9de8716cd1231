/**
 * The people seen in cached mail, for address autocomplete: read from IndexedDB the first time an address
 * field is focused, then kept for a minute (new mail changes the ranking slowly; a rescan of 100,000 headers
 * costs about as much as the search index's first load). Sent folders say which messages the user wrote.
 */
import { collectContacts, type Contact, type ContactSource } from '../../../shared/domain/contacts/rankContacts';
import type { TernDb } from '../../cache/db';

const FRESH_MS = 60_000;
const books = new WeakMap<TernDb, { at: number; contacts: Promise<Contact[]> }>();

async function readContacts(db: TernDb): Promise<Contact[]> {
  const [accounts, mailboxes] = await Promise.all([db.accounts.toArray(), db.mailboxes.toArray()]);
  const own = accounts.flatMap((account) => [account.email, ...account.identities.map((identity) => identity.email)]);
  const sent = new Set(mailboxes.filter((mailbox) => mailbox.specialUse === 'sent').map((mailbox) => `${mailbox.accountId}\u0000${mailbox.path}`));
  const sources: ContactSource[] = [];
  await db.messages.each((row) => {
    sources.push({ from: row.from, to: row.to, cc: row.cc, date: row.date, inSent: sent.has(`${row.accountId}\u0000${row.path}`) });
  });
  return [...collectContacts(sources, own, Date.now()).values()];
}

export function contactsOf(db: TernDb): Promise<Contact[]> {
  const book = books.get(db);
  if (book && Date.now() - book.at < FRESH_MS) return book.contacts;
  const contacts = readContacts(db);
  books.set(db, { at: Date.now(), contacts });
  contacts.catch(() => books.delete(db));
  return contacts;
}
