/**
 * Writing mail: what the renderer's outbox hands main to send, and what main answers. The renderer creates
 * the Message-ID when the user presses Send and keeps it across every retry; main remembers the Message-IDs
 * it has sent for each account, so a retry after a crash mid-send is answered "already sent", never sent twice.
 */
import type { DraftLocation } from './drafts';
import type { Address } from './messages';

export interface OutgoingAttachment {
  /** Shown to the recipient; main keeps the base name only. */
  filename: string;
  mimeType: string;
  contentBase64: string;
  /**
   * An image the HTML body shows where it stands (`<img src="cid:…">`), as `local@domain` without angle
   * brackets; PNG, JPEG, GIF or WebP only. Absent or null: an ordinary attachment.
   */
  contentId?: string | null;
}

/** The message this one answers or forwards, in the sender's account: main marks it \Answered or $Forwarded. */
export interface OriginalMessageRef {
  kind: 'reply' | 'forward';
  path: string;
  uid: number;
  uidValidity: string;
  /** The original's Message-ID (`<id@host>`), for In-Reply-To and References; null when it had none. */
  messageId: string | null;
}

export interface OutgoingMessage {
  /** `<id@host>`, made once per press of Send and never changed afterwards: the key of "exactly once". */
  messageId: string;
  /** Epoch ms of the press of Send: the Date header, the same on every retry. */
  date: number;
  to: Address[];
  cc: Address[];
  /** Receive the message but appear in no header. */
  bcc: Address[];
  subject: string;
  /** The plain-text body, or the plain-text part of a rich-text message. */
  text: string;
  /** The rich-text body (sanitized by the composer); absent or null: a plain-text message. */
  html?: string | null;
  attachments: OutgoingAttachment[];
  original: OriginalMessageRef | null;
  /**
   * Which of the account's From identities sends it (name, address, envelope sender). Absent or null: the
   * default one — outbox rows from before identities existed have none.
   */
  identityId?: string | null;
  /** The draft this message was written in: main removes it from the server once the message is sent. */
  draft?: { draftId: string; location: DraftLocation | null } | null;
}

export interface RecipientRefusal {
  address: string;
  /** The server's reply, e.g. "550 5.1.1 <x@example.com> User doesn't exist". */
  reason: string;
}

/** Why a message will not go out as it is; the user has to change something (or the server its mind). */
export type SendRefusalCode = 'RECIPIENT_REJECTED' | 'SENDER_REJECTED' | 'MESSAGE_TOO_LARGE' | 'AUTH_FAILED' | 'MESSAGE_REJECTED' | 'INVALID_MESSAGE';

export type SentCopyState =
  /** APPENDed to the account's Sent folder, \Seen. */
  | 'saved'
  /** Gmail-like server (X-GM-EXT-1): it files submitted mail in Sent by itself, so a copy would be a duplicate. */
  | 'server-saves'
  | 'no-sent-folder'
  | 'failed';

export type SendOutcome =
  | {
      status: 'sent';
      messageId: string;
      /** Main had already sent this Message-ID (a retry): nothing was sent this time. */
      alreadySent: boolean;
      accepted: string[];
      /** Recipients the server refused while it accepted the others: they did not get the message. */
      refused: RecipientRefusal[];
      sentCopy: SentCopyState;
      /** The original was marked \Answered / $Forwarded; null when there is no original. */
      originalMarked: boolean | null;
      /** Sentences for the user about anything that did not go as planned after sending. */
      notices: string[];
    }
  /** Not sent, and worth trying again later: offline, server unreachable, a 4xx answer, a timeout. */
  | { status: 'retryLater'; code: string; reason: string }
  /** Not sent, and trying again as it is will not help. */
  | { status: 'refused'; code: SendRefusalCode; reason: string; refused: RecipientRefusal[] };
