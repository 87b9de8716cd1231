/**
 * What a user does to folders, as data: queued durably by the renderer in the same ordered queue as message
 * actions (so "create X, then move mail into X" made offline replays in that order), applied to the cached
 * folder tree at once, and carried out by main idempotently: replayed after a crash mid-flight, a change that
 * the server already shows is a success (`alreadyDone`), never a second folder or an error.
 */
import type { MailboxInfo } from './mailboxes';

export type FolderChange =
  | { kind: 'create'; accountId: string; parentPath: string | null; name: string }
  | { kind: 'rename'; accountId: string; path: string; newParentPath: string | null; newName: string }
  /**
   * `messagesAgreed`: how many messages the user was told go with the folder. When the server holds more by the
   * time the deletion runs (mail filed there meanwhile, perhaps by another device), it is refused, not widened.
   */
  | { kind: 'delete'; accountId: string; path: string; messagesAgreed: number }
  | { kind: 'subscribe'; accountId: string; path: string; subscribed: boolean };

export interface FolderChangeOutcome {
  /** The account's folder list as the server has it afterwards. */
  mailboxes: MailboxInfo[];
  /** The server already showed the change (an earlier attempt, or another device, made it). */
  alreadyDone: boolean;
}
