/**
 * A parsed query made into a test of one message. The query is folded once here and the messages arrive
 * pre-folded (see foldForSearch), so a search over 100,000 messages is only substring tests.
 */
import type { SpecialUse } from '../../contract/mailboxes';
import { foldForSearch } from './foldForSearch';
import type { SearchQuery } from './parseSearchQuery';

export interface SearchableMessage {
  /** Names and addresses of the senders, folded. */
  from: string;
  /** Names and addresses of To and Cc, folded. */
  to: string;
  subject: string;
  /** The cached body's text, folded and capped; empty when the body is not cached. */
  body: string;
  date: number;
  unread: boolean;
  flagged: boolean;
  /** The message's keywords, lower-cased. */
  tags: string[];
  /** null: not known (older cache rows, or the server did not say). */
  hasAttachment: boolean | null;
  folder: { path: string; name: string; specialUse: SpecialUse | null };
}

/** Aliases people type for the special folders. */
const SPECIAL_NAMES: Record<string, SpecialUse> = {
  inbox: 'inbox',
  sent: 'sent',
  drafts: 'drafts',
  draft: 'drafts',
  trash: 'trash',
  bin: 'trash',
  junk: 'junk',
  spam: 'junk',
  archive: 'archive',
  all: 'all',
};

/** Whether `in:<wanted>` (lower-cased) names this folder. */
export function inFolder(folder: SearchableMessage['folder'], wanted: string): boolean {
  const special = SPECIAL_NAMES[wanted];
  if (special && folder.specialUse === special) return true;
  // The name the user sees, or the server's full path ("Work/2026" or "work.2026").
  return folder.name.toLowerCase() === wanted || folder.path.toLowerCase() === wanted;
}

/** A `YYYY-MM-DD` day's first millisecond in the user's time zone. */
function startOfLocalDay(day: string): number {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date).getTime();
}

export function compileSearch(query: SearchQuery): (message: SearchableMessage) => boolean {
  const fold = (list: string[]) => list.map(foldForSearch).filter(Boolean);
  const [words, notWords, from, to, subject] = [fold(query.words), fold(query.notWords), fold(query.from), fold(query.to), fold(query.subject)];
  const [notFrom, notTo, notSubject] = [fold(query.notFrom), fold(query.notTo), fold(query.notSubject)];
  const inFolders = query.inFolders.map((name) => name.toLowerCase());
  const notInFolders = query.notInFolders.map((name) => name.toLowerCase());
  const before = query.before === null ? null : startOfLocalDay(query.before);
  const after = query.after === null ? null : startOfLocalDay(query.after);
  const { unread, flagged, hasAttachment } = query;
  const tags = query.tags.map((tag) => tag.toLowerCase());

  return (message) => {
    if (unread !== null && message.unread !== unread) return false;
    if (flagged !== null && message.flagged !== flagged) return false;
    if (hasAttachment !== null && (message.hasAttachment ?? false) !== hasAttachment) return false;
    if (before !== null && !(message.date < before)) return false;
    if (after !== null && !(message.date >= after)) return false;
    if (!tags.every((tag) => message.tags.includes(tag))) return false;
    if (inFolders.length > 0 && !inFolders.some((name) => inFolder(message.folder, name))) return false;
    if (notInFolders.some((name) => inFolder(message.folder, name))) return false;
    if (!from.every((part) => message.from.includes(part))) return false;
    if (!to.every((part) => message.to.includes(part))) return false;
    if (!subject.every((part) => message.subject.includes(part))) return false;
    if (notFrom.some((part) => message.from.includes(part))) return false;
    if (notTo.some((part) => message.to.includes(part))) return false;
    if (notSubject.some((part) => message.subject.includes(part))) return false;
    const anywhere = (part: string) => message.subject.includes(part) || message.from.includes(part) || message.to.includes(part) || message.body.includes(part);
    return words.every(anywhere) && !notWords.some(anywhere);
  };
}
