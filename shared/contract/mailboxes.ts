export type SpecialUse = 'inbox' | 'drafts' | 'sent' | 'trash' | 'junk' | 'archive' | 'all' | 'flagged';

export interface MailboxInfo {
  accountId: string;
  /** The server's full name (opaque label, never a file path). */
  path: string;
  /** Last path segment, decoded, for display. */
  name: string;
  delimiter: string | null;
  parentPath: string | null;
  specialUse: SpecialUse | null;
  subscribed: boolean;
  /** \Noselect / \NonExistent: a node in the tree that holds no mail. */
  selectable: boolean;
  messages: number | null;
  unseen: number | null;
}
