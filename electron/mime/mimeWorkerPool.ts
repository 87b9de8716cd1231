/**
 * Runs MIME jobs off the engine's event loop, in worker threads: parsing a 64 MB message costs seconds of
 * CPU, and the engine's loop serves every account's sync. Each worker runs one job at a time, within a time
 * limit and a heap cap; a worker that overruns, runs out of memory or crashes is terminated, its job
 * answered with a clear failure, and a fresh worker takes the next job.
 *
 * The worker entry is TypeScript when the engine runs from source (browser mode under tsx, vitest), and the
 * bundled `mimeWorker.js` beside the main bundle in the desktop app (electron.vite.config.ts builds both);
 * the composition root passes the latter.
 */
import type { Worker } from 'node:worker_threads';
import { TernError, type ErrorCode } from '../../shared/contract/errors';
import type { MessageBody } from '../../shared/contract/messages';
import { startWorker } from '../services/startWorker';
import { RETIRE_AFTER_SOURCE_BYTES, type MessageSourceRef, type MimeJob, type MimeRequest, type MimeResponse, type MimeResults, type MimeWorkerMessage } from './mimeJobs';

export interface MimeWorkerPoolOptions {
  /** Workers running at once; 1 by default (parsing is CPU-bound, and the machine also runs the UI). */
  size?: number;
  /** Per job, from the moment a worker takes it. */
  timeoutMs?: number;
  /** The worker's V8 heap cap (old generation). Buffers (the source, attachments) are outside the V8 heap. */
  maxHeapMb?: number;
  /** The worker entry; mimeWorker.ts beside this file by default (run through tsx). */
  script?: URL;
}

export const DEFAULT_MIME_TIMEOUT_MS = 20_000;
export const DEFAULT_MIME_HEAP_MB = 512;

interface Pending {
  request: MimeRequest;
  resolve: (value: unknown) => void;
  reject: (error: TernError) => void;
}

interface Slot {
  worker: Worker;
  /** Loaded and listening: a worker's start-up (tsx compiling the sources, from source) is not a job's time. */
  ready: boolean;
  job: Pending | null;
  timer: NodeJS.Timeout | null;
}

/** Why a worker gave up on a job, as the reader says it. */
function failureOf(code: ErrorCode, reason: string): TernError {
  return new TernError(code, `This message could not be displayed: ${reason}`);
}

function spawn(script: URL, maxHeapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.round(maxHeapMb / 8))) };
  return startWorker(script, { resourceLimits });
}

export class MimeWorkerPool {
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly maxHeapMb: number;
  private readonly script: URL;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextSeq = 1;
  private closed = false;
  /** Workers replaced after a timeout, out of memory or a crash (for the status view and tests). */
  restarts = 0;

  constructor(options: MimeWorkerPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? 1);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_MIME_TIMEOUT_MS;
    this.maxHeapMb = options.maxHeapMb ?? DEFAULT_MIME_HEAP_MB;
    this.script = options.script ?? new URL('./mimeWorker.ts', import.meta.url);
  }

  /** Runs one job; rejects with a TernError (the job's own, or why the worker gave up on it). */
  run<J extends MimeJob>(job: J, source: MessageSourceRef): Promise<MimeResults[J['kind']]> {
    if (this.closed) return Promise.reject(new TernError('DISCONNECTED', 'Tern is shutting down.'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { seq: this.nextSeq++, job, source }, resolve: resolve as (value: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** The reader's body for a message; a worker that gave up yields a body that says why, never a rejection. */
  async parseMessage(uid: number, source: MessageSourceRef): Promise<MessageBody> {
    try {
      return await this.run({ kind: 'parseMessage', uid }, source);
    } catch (error) {
      const message = error instanceof TernError ? error.message : `This message could not be displayed: ${(error as Error).message}`;
      return { uid, text: null, html: null, attachments: [], notice: message, inlineParts: [], replyTo: [] };
    }
  }

  /** Workers alive now (started, or starting). */
  get workerCount(): number {
    return this.slots.length;
  }

  /** Starts a worker ahead of a job (while its message downloads), so the job does not wait for start-up. */
  warm(): void {
    if (!this.closed && this.slots.length === 0) this.addSlot();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new TernError('DISCONNECTED', 'Tern is shutting down.'));
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.job?.reject(new TernError('DISCONNECTED', 'Tern is shutting down.'));
      slot.job = null;
    }
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0 && !this.closed) {
      const idle = this.slots.find((candidate) => candidate.ready && candidate.job === null);
      if (!idle && this.slots.length < this.size) this.addSlot();
      const slot = idle;
      if (!slot) return;
      const pending = this.queue.shift() as Pending;
      slot.job = pending;
      slot.timer = setTimeout(() => this.fail(slot, failureOf('TIMEOUT', `reading it took longer than ${this.timeoutMs >= 1000 ? `${Math.round(this.timeoutMs / 1000)} s` : `${this.timeoutMs} ms`}.`)), this.timeoutMs);
      slot.worker.postMessage(pending.request);
    }
  }

  private addSlot(): void {
    const worker = spawn(this.script, this.maxHeapMb);
    // An idle worker must not keep the process alive; a pending job is held by its caller's promise.
    worker.unref();
    const slot: Slot = { worker, ready: false, job: null, timer: null };
    worker.on('message', (message: MimeWorkerMessage) => {
      if (message.kind === 'response') return this.settle(slot, message.response, message.sourceBytes >= RETIRE_AFTER_SOURCE_BYTES);
      slot.ready = true;
      this.dispatch();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const failure =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? failureOf('MESSAGE_TOO_LARGE', `reading it needed more than ${this.maxHeapMb} MB of memory.`)
          : failureOf('INTERNAL', `the reader stopped (${error.message.slice(0, 120)}).`);
      this.fail(slot, failure);
    });
    worker.on('exit', () => this.fail(slot, failureOf('INTERNAL', 'the reader stopped unexpectedly.')));
    this.slots.push(slot);
  }

  private settle(slot: Slot, response: MimeResponse, retire: boolean): void {
    const pending = slot.job;
    if (!pending || pending.request.seq !== response.seq) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.job = null;
    slot.timer = null;
    if (retire) this.retire(slot);
    if (response.ok) pending.resolve(response.value);
    else pending.reject(TernError.fromPayload(response.error));
    this.dispatch();
  }

  private retire(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    void slot.worker.terminate();
  }

  /** Ends the slot's worker (whatever it was doing) and answers its job with `failure`. */
  private fail(slot: Slot, failure: TernError): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    if (slot.timer) clearTimeout(slot.timer);
    const pending = slot.job;
    slot.job = null;
    if (pending) this.restarts++;
    void slot.worker.terminate();
    pending?.reject(failure);
    this.dispatch();
  }
}
