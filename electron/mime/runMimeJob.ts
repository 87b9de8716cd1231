/** The one implementation of every MIME job, whichever thread runs it (the worker, or a test in-thread). */
import { attachedMessage } from './attachedMessage';
import { extractAttachment } from './extractAttachment';
import type { MimeJob, MimeResults } from './mimeJobs';
import { parseMessage } from './parseMessage';

export async function runMimeJob<J extends MimeJob>(job: J, source: Uint8Array): Promise<MimeResults[J['kind']]> {
  const value = await runAny(job, source);
  return value as MimeResults[J['kind']];
}

async function runAny(job: MimeJob, source: Uint8Array): Promise<MimeResults[MimeJob['kind']]> {
  switch (job.kind) {
    case 'parseMessage':
      return parseMessage(job.uid, source);
    case 'extractAttachment':
      return extractAttachment(source, job.index);
    case 'attachedMessage':
      return attachedMessage(source, job.index);
  }
}
