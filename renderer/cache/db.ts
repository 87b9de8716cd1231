/**
 * The one local store of mail: IndexedDB through Dexie. Only delta application and the folder refresh write
 * here; the UI reads through live queries, so offline browsing needs nothing special.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { AccountSummary } from '../../shared/contract/accounts';
import type { OutgoingMessage } from '../../shared/contract/compose';
import type { DraftLocation } from '../../shared/contract/drafts';
import type { MailboxInfo } from '../../shared/contract/mailboxes';
import type { MessageBody, MessageHeader } from '../../shared/contract/messages';
import type { MailboxCursor } from '../../shared/contract/sync';
import type { Draft } from '../features/composer/composeDraft';

export interface MessageRow extends MessageHeader {
  accountId: string;
  path: string;
  /** The start of the body's text, once the body is cached (for the list). */
  snippet?: string;
}

export interface BodyRow extends MessageBody {
  accountId: string;
  path: string;
  fetchedAt: number;
}

export interface CursorRow extends MailboxCursor {
  accountId: string;
  path: string;
}

/** A user action waiting to reach the server (see renderer/actions/); applied to the cache when queued. */
export interface PendingOpRow {
  id?: number;
  accountId: string;
  /** Serialized operation; its shape belongs to the actions feature. */
  op: unknown;
  state: 'queued' | 'running' | 'failed';
  attempts: number;
  createdAt: number;
  error: { code: string; message: string } | null;
}

/** Senders whose remote content (images, CSS, fonts) the user chose to always load. */
export interface TrustedSenderRow {
  address: string;
  addedAt: number;
}

/**
 * A message the user sent, kept until main reports it sent (renderer/state/outbox.ts). `waiting`: inside the
 * undo delay; `queued`: due at `sendAfter` (a retry after a temporary failure keeps its `error`); `sending`:
 * handed to main; `failed`: refused, kept with the reason until the user edits or discards it.
 */
export interface OutboxRow {
  id?: number;
  accountId: string;
  state: 'waiting' | 'queued' | 'sending' | 'failed';
  /** Carries the Message-ID made at the press of Send, reused on every retry (main's "already sent" key). */
  message: OutgoingMessage;
  createdAt: number;
  sendAfter: number;
  attempts: number;
  error: { code: string; message: string } | null;
}

/**
 * A draft as the composer last had it, written at every change (renderer/state/draftSync.ts). `version` counts
 * local writes and `savedVersion` the last one the server has, so a draft written offline is known to be
 * behind and catches up later. `discarded`: the user threw it away and the server copy is still to remove.
 */
export interface DraftRow {
  draftId: string;
  accountId: string;
  draft: Draft;
  version: number;
  savedVersion: number;
  /** The version on the server, which the next save replaces; null while there is none (or it is unknown). */
  server: DraftLocation | null;
  state: 'open' | 'discarded';
  updatedAt: number;
  /** Why the server copy is behind, for the composer's status line. */
  error: string | null;
}

export type TernDb = Dexie & {
  accounts: EntityTable<AccountSummary, 'id'>;
  mailboxes: Dexie.Table<MailboxInfo, [string, string]>;
  messages: Dexie.Table<MessageRow, [string, string, number]>;
  bodies: Dexie.Table<BodyRow, [string, string, number]>;
  cursors: Dexie.Table<CursorRow, [string, string]>;
  pendingOps: EntityTable<PendingOpRow, 'id'>;
  trustedSenders: EntityTable<TrustedSenderRow, 'address'>;
  outbox: EntityTable<OutboxRow, 'id'>;
  drafts: EntityTable<DraftRow, 'draftId'>;
};

export function openTernDb(name = 'tern'): TernDb {
  const db = new Dexie(name) as TernDb;
  db.version(1).stores({
    accounts: 'id',
    mailboxes: '[accountId+path], accountId',
    messages: '[accountId+path+uid], [accountId+path+date], [accountId+path]',
    bodies: '[accountId+path+uid], [accountId+path]',
    cursors: '[accountId+path]',
  });
  db.version(2).stores({
    pendingOps: '++id, accountId, [accountId+state]',
    trustedSenders: 'address',
  });
  db.version(3).stores({ outbox: '++id, accountId, state' });
  // A folder's rows are a range of the primary key already; the extra [accountId+path] index made every
  // write of a 100k-message sync ~30% slower (measured in docs/benchmarks.md) and its count() 5× slower.
  db.version(4).stores({ messages: '[accountId+path+uid], [accountId+path+date]' });
  db.version(5).stores({ drafts: 'draftId, accountId' });
  return db;
}

/** Every cached message of one folder, as a primary-key range (no separate index needed). */
export function folderMessages(db: TernDb, accountId: string, path: string) {
  return db.messages.where('[accountId+path+uid]').between([accountId, path, Dexie.minKey], [accountId, path, Dexie.maxKey]);
}

/**
 * Every cached message of one account, as a primary-key range. The upper bound needs two separate max-key
 * arrays: IndexedDB refuses a key that holds the same array object twice (its cycle check sees it as "seen").
 */
export function accountMessages(db: TernDb, accountId: string) {
  return db.messages.where('[accountId+path+uid]').between([accountId, Dexie.minKey, Dexie.minKey], [accountId, [[]], [[]]]);
}
