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
}

export interface AttachmentInfo {
  filename: string;
  mimeType: string;
  size: number;
  contentId: string | null;
  inline: boolean;
}

export interface MessageBody {
  uid: number;
  text: string | null;
  html: string | null;
  attachments: AttachmentInfo[];
  /** Set when the message could only be shown in part (truncated, malformed, too large). */
  notice: string | null;
}
