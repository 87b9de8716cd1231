export interface Address {
  name: string;
  address: string;
}

/** What the message list needs of a message; bodies are fetched on demand. */
export interface MessageHeader {
  uid: number;
  messageId: string | null;
  subject: string;
  from: Address[];
  to: Address[];
  cc: Address[];
  /** Epoch milliseconds; the INTERNALDATE when the Date header is missing or unparsable. */
  date: number;
  flags: string[];
  size: number;
  /** The message is built as multipart/mixed (the usual sign of attachments); absent in older caches. */
  hasAttachments?: boolean;
  /** In-Reply-To's Message-ID, with angle brackets, for threading; absent in older caches. */
  inReplyTo?: string | null;
  /** References' Message-IDs, oldest first (at most the last 30), for threading; absent in older caches. */
  references?: string[];
}

export interface AttachmentInfo {
  filename: string;
  mimeType: string;
  size: number;
  contentId: string | null;
  inline: boolean;
}

/**
 * An image the HTML refers to by `cid:`, small enough to travel inline. Only PNG, JPEG, GIF and WebP whose
 * bytes match the type (never SVG, which could carry markup into the message frame).
 */
export interface InlinePart {
  /** Without angle brackets, as a `cid:` URL names it. */
  contentId: string;
  mimeType: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
  /** `data:<mimeType>;base64,...` */
  dataUrl: string;
}

export interface MessageBody {
  uid: number;
  text: string | null;
  /** The HTML part as sent (unsanitized); null when the message has no HTML part. */
  html: string | null;
  attachments: AttachmentInfo[];
  /** Set when the message could only be shown in part (truncated, malformed, too large). */
  notice: string | null;
  /** Images the HTML refers to by `cid:`, capped in number and size. Absent in bodies cached before it existed. */
  inlineParts?: InlinePart[];
  /** The Reply-To addresses (groups flattened); empty when there is none, absent in older caches. */
  replyTo?: Address[];
}

/**
 * The name of the frame a message's HTML is shown in once the user has allowed its remote content. The
 * desktop app lets remote images, stylesheets and fonts through only for a direct child frame of the app
 * page with this name (see electron/main/blockRemoteInMessageFrames.ts); the message itself cannot name its
 * frame, because it runs no script.
 */
export const REMOTE_CONTENT_FRAME_NAME = 'tern-message-remote-content-allowed';

/** A message attached to another (message/rfc822), opened from the attachment list and shown nested. */
export interface AttachedMessage {
  subject: string;
  from: Address[];
  to: Address[];
  cc: Address[];
  /** Epoch ms of its Date header; null when missing or unreadable. */
  date: number | null;
  body: MessageBody;
}
