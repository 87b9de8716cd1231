/**
 * The MIME worker thread's entry: reads a message's source (from the engine's source cache, so megabytes
 * never cross threads) and runs one job at a time. Its memory is capped by the pool (resourceLimits) and a
 * job that runs too long gets the whole worker terminated, so nothing here needs its own limits.
 */
import { open, readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { TernError } from '../../shared/contract/errors';
import { MAX_MESSAGE_BYTES } from './messageLimits';
import type { MessageSourceRef, MimeRequest, MimeResponse, MimeWorkerMessage } from './mimeJobs';
import { runMimeJob } from './runMimeJob';

async function readSource(source: MessageSourceRef): Promise<Uint8Array> {
  if ('bytes' in source) return source.bytes;
  const file = await open(source.file, 'r');
  try {
    const { size } = await file.stat();
    // The download refuses such a message already; a file that grew past it is never read whole.
    if (size > MAX_MESSAGE_BYTES) throw new TernError('MESSAGE_TOO_LARGE', `This message is ${Math.round(size / 1048576)} MB, more than Tern opens (${MAX_MESSAGE_BYTES / 1048576} MB).`);
  } finally {
    await file.close();
  }
  return readFile(source.file);
}

const port = parentPort;
if (!port) throw new Error('mimeWorker.ts runs only as a worker thread');

port.on('message', (request: MimeRequest) => {
  void (async () => {
    let response: MimeResponse;
    let sourceBytes = 0;
    try {
      const source = await readSource(request.source);
      sourceBytes = source.byteLength;
      const value = await runMimeJob(request.job, source);
      response = { seq: request.seq, ok: true, value };
    } catch (error) {
      const payload = error instanceof TernError ? error.toPayload() : { code: 'INTERNAL' as const, message: (error as Error).message.slice(0, 200) };
      response = { seq: request.seq, ok: false, error: payload };
    }
    port.postMessage({ kind: 'response', response, sourceBytes } satisfies MimeWorkerMessage);
  })();
});

port.postMessage({ kind: 'ready' } satisfies MimeWorkerMessage);
