/**
 * What a user does to messages, as data: queued durably by the renderer, applied to the cache at once, and
 * executed by main with the right IMAP. Every action names the UIDVALIDITY it was taken under, so an action
 * queued before the folder was rebuilt on the server can never touch the wrong messages.
 */
export type MessageAction =
  | { kind: 'setFlags'; accountId: string; path: string; uidValidity: string; uids: number[]; add: string[]; remove: string[]; messageIds?: (string | null)[] }
  | { kind: 'move'; accountId: string; path: string; uidValidity: string; uids: number[]; target: string; messageIds?: (string | null)[] }
  | { kind: 'deletePermanently'; accountId: string; path: string; uidValidity: string; uids: number[] };

/**
 * `messageIds` (aligned with `uids`, for small selections): when a message has meanwhile been moved elsewhere
 * by another device, main finds it by Message-ID and applies the flags or the move there ("follow it").
 */
export interface ActionOutcome {
  /** For moves: source UID → UID in the target folder, where the server said (UIDPLUS). */
  uidMap: [number, number][];
  /** The target folder's UIDVALIDITY (COPYUID), which an undo of the move needs; null when unknown. */
  targetUidValidity: string | null;
}
