import type { MessageHeader } from './messages';

/** What the renderer has of a mailbox; stored with the data it describes, in one transaction. */
export interface MailboxCursor {
  /** A decimal string: UIDVALIDITY is a 32-bit unsigned value, kept exact. */
  uidValidity: string;
  uidNext: number;
  /** Decimal string (64-bit); null when the server has no CONDSTORE for this mailbox. */
  highestModseq: string | null;
}

export interface FlagUpdate {
  uid: number;
  flags: string[];
}

/**
 * One bounded batch of changes to one mailbox. The renderer applies it in one transaction (together with
 * `cursor` when set) and acknowledges it; main sends the next only then. Applying it twice changes nothing.
 */
export interface MailboxDelta {
  deltaId: number;
  accountId: string;
  path: string;
  /** UIDVALIDITY changed (or the cache is unknown): drop this mailbox's rows before applying. */
  reset: boolean;
  upserts: MessageHeader[];
  flagUpdates: FlagUpdate[];
  vanished: number[];
  /**
   * The complete set of UIDs the server has below `below` (as an IMAP sequence set), sent when main cannot
   * name expunged messages one by one: rows below `below` not in the set are removed.
   */
  present: { below: number; uids: string } | null;
  /** Set only on the batch that completes the sync: the cursor never runs ahead of the data. */
  cursor: MailboxCursor | null;
  progress: { done: number; total: number };
}

export interface SyncRequest {
  accountId: string;
  path: string;
  cursor: MailboxCursor | null;
}

export interface SyncOutcome {
  accountId: string;
  path: string;
  deltas: number;
  cursor: MailboxCursor;
}

export interface SyncProgress {
  accountId: string;
  path: string;
  state: 'syncing' | 'idle' | 'error';
  done: number;
  total: number;
  error: { code: string; message: string } | null;
}

/** Why the renderer could not store a delta: only a full disk or quota, which the user can fix. */
export interface DeltaRefusal {
  code: 'STORAGE_FULL';
  message: string;
}
