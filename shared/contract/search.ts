import type { MessageHeader } from './messages';

/**
 * What a search asks of the server (IMAP SEARCH), as the user typed it: the server does its own case folding.
 * Every list is ANDed.
 */
export interface SearchCriteria {
  /** Each must appear somewhere in the message (IMAP TEXT; locally: sender, recipients, subject, cached body). */
  words: string[];
  notWords: string[];
  from: string[];
  /** Matches To or Cc. */
  to: string[];
  subject: string[];
  notFrom: string[];
  notTo: string[];
  notSubject: string[];
  /** IMAP keywords the message must carry (`tag:`), as keywords (see shared/domain/tags). */
  tags: string[];
  unread: boolean | null;
  flagged: boolean | null;
  /** `YYYY-MM-DD`, exclusive: messages dated before that day. */
  before: string | null;
  /** `YYYY-MM-DD`, inclusive: messages dated on or after that day (IMAP SINCE). */
  after: string | null;
}

/** A server search's answer for one folder: the newest matches' headers, and how many matched in all. */
export interface ServerSearchResult {
  accountId: string;
  path: string;
  uidValidity: string;
  total: number;
  headers: MessageHeader[];
}
