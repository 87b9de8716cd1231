/**
 * The messages between the engine and its MIME worker: one request per job, answered once, matched by a
 * sequence number, with failures as structured errors (a code the UI maps to words, never a stack).
 */
import type { ErrorPayload } from '../../shared/contract/errors';
import type { AttachedMessage, MessageBody } from '../../shared/contract/messages';
import type { ExtractedAttachment } from './extractAttachment';

export type MimeJob =
  | { kind: 'parseMessage'; uid: number }
  | { kind: 'extractAttachment'; index: number }
  | { kind: 'attachedMessage'; index: number };

export type MimeJobKind = MimeJob['kind'];

export interface MimeResults {
  parseMessage: MessageBody;
  extractAttachment: ExtractedAttachment;
  attachedMessage: AttachedMessage;
}

/** A message's raw source: a file the worker reads itself (large messages never cross threads), or bytes. */
export type MessageSourceRef = { file: string } | { bytes: Uint8Array };

export interface MimeRequest {
  seq: number;
  job: MimeJob;
  source: MessageSourceRef;
}

export type MimeResponse = { seq: number; ok: true; value: MimeResults[MimeJobKind] } | { seq: number; ok: false; error: ErrorPayload };

/** What a worker posts: `ready` once loaded (a job's time limit starts only then), then one response per job. */
export type MimeWorkerMessage = { kind: 'ready' } | { kind: 'response'; response: MimeResponse; sourceBytes: number };

/**
 * After a source this large the worker is retired and a fresh one started for the next job: the parser's
 * buffers for a big message (several times its size) then go back to the system instead of staying mapped.
 */
export const RETIRE_AFTER_SOURCE_BYTES = 16 * 1024 * 1024;
