/**
 * Drafts on the server. A draft keeps one `draftId` across all its versions (the `X-Tern-Draft-Id` header);
 * each save APPENDs the new version to the account's \Drafts folder and then removes the older ones by UID,
 * so the server holds exactly one copy of a draft however many devices edit it.
 */
import type { OriginalMessageRef, OutgoingAttachment } from './compose';
import type { Address } from './messages';

/** Where one version of a draft is on the server. */
export interface DraftLocation {
  path: string;
  uid: number;
  uidValidity: string;
}

/** A draft as the composer has it. Addresses are the ones that parse; a half-typed one stays on this device only. */
export interface DraftMessage {
  /** Stable across versions and devices: letters, digits and dashes, 8 to 64 of them. */
  draftId: string;
  /** The From identity; absent or null: the account's default. */
  identityId?: string | null;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  subject: string;
  text: string;
  /** The rich-text body, already sanitized; null for a plain-text draft. */
  html?: string | null;
  attachments: OutgoingAttachment[];
  /** The message it answers or forwards, so that sending it from any device threads and marks the original. */
  original: OriginalMessageRef | null;
  /**
   * What of each address field does not parse yet (a half-typed address), as typed, so that another device
   * shows it after the addresses that do. Absent or null: nothing.
   */
  unfinished?: UnfinishedAddresses | null;
}

/** Per address field, the text that is not (yet) an address; '' where there is none. */
export interface UnfinishedAddresses {
  to: string;
  cc: string;
  bcc: string;
}

export type DraftSaveOutcome =
  /** `location` is null when the server does not say where it put the message (no UIDPLUS). */
  | { status: 'saved'; location: DraftLocation | null; removed: number }
  /** The account has no Drafts folder: the draft stays on this device. */
  | { status: 'noDraftsFolder' }
  /** The draft was sent or discarded meanwhile (this or another window): nothing was saved. */
  | { status: 'closed' };

/** A draft read back from the server, to edit. */
export interface OpenedDraft {
  /** Null for a draft another program wrote. */
  draftId: string | null;
  /** The From address, to pick the matching identity. */
  from: Address | null;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  subject: string;
  text: string;
  html: string | null;
  attachments: OutgoingAttachment[];
  original: OriginalMessageRef | null;
  /** Half-typed addresses of a draft saved by Tern; null when there are none. */
  unfinished: UnfinishedAddresses | null;
  /** Something the user should know (attachments too large to bring back). */
  notice: string | null;
}
