/**
 * Saving an attachment writes exactly its bytes: base64 and quoted-printable, small and 45 MB, in-thread (the
 * whole-message way) and through the MIME worker (which streams the part from the source file into the target
 * itself), with the same name and type the reader lists, and no size limit below the message's own.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACHMENT_PNG, hostileAttachmentMessage } from '../testing/attachmentMessages';
import { largeMessage } from '../testing/largeMessage';
import { qpAttachmentMessage } from '../testing/qpMessage';
import { attachmentBytes } from './extractAttachment';
import { MimeWorkerPool } from './mimeWorkerPool';
import { writeAttachment } from './writeAttachment';

let dir: string;
let pool: MimeWorkerPool;
let next = 0;
const target = () => join(dir, `out-${next++}.bin`);
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Every byte value, then random bytes: whatever the encoding has to escape. */
function awkwardBytes(size: number): Buffer {
  const head = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from('\r\n.\r\n=\r\n--tern-qp-boundary\r\n')]);
  return Buffer.concat([head, randomBytes(Math.max(0, size - head.length))]);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tern-write-attachment-'));
  pool = new MimeWorkerPool({ timeoutMs: 60_000 });
});

afterAll(async () => {
  await pool.close();
  await rm(dir, { recursive: true, force: true });
});

describe('writeAttachment', () => {
  it('writes each attachment of the hostile message byte-exact under its safe name, 0600, head for the program check', async () => {
    const source = Buffer.from(hostileAttachmentMessage('Files'));
    for (const index of [0, 1, 2, 3]) {
      const file = target();
      const written = await writeAttachment(source, index, file);
      const expected = await attachmentBytes(source, index);
      const saved = await readFile(file);
      expect(saved.equals(expected.bytes)).toBe(true);
      expect(written).toMatchObject({ filename: expected.filename, mimeType: expected.mimeType, size: saved.length });
      expect(Buffer.from(written.head).equals(saved.subarray(0, 64))).toBe(true);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    }
    expect((await readFile(join(dir, 'out-0.bin'))).equals(ATTACHMENT_PNG)).toBe(true);
  });

  it('never overwrites a file that is already there', async () => {
    const file = target();
    await writeFile(file, 'keep');
    await expect(writeAttachment(Buffer.from(hostileAttachmentMessage('Files')), 0, file)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(file, 'utf8')).toBe('keep');
  });

  it('decodes quoted-printable through the worker byte-exact (every byte value, soft breaks, a boundary-like line)', async () => {
    const data = awkwardBytes(200_000);
    const sourceFile = join(dir, 'small-qp.eml');
    await writeFile(sourceFile, qpAttachmentMessage(data));
    const file = target();
    const written = await pool.run({ kind: 'writeAttachment', index: 0, target: file }, { file: sourceFile });
    expect(written).toMatchObject({ filename: 'data.bin', size: data.length, streamed: true });
    expect(sha(await readFile(file))).toBe(sha(data));
  });

  it('saves a 45 MB base64 attachment through the worker, byte-exact, past the 25 MB preview limit', async () => {
    const message = largeMessage(62 * 1024 * 1024);
    const sourceFile = join(dir, 'large.eml');
    await writeFile(sourceFile, message.source);
    const expected = (await attachmentBytes(message.source, 1, Infinity)).bytes;
    expect(expected.length).toBeGreaterThan(45 * 1024 * 1024);
    const file = target();
    const written = await pool.run({ kind: 'writeAttachment', index: 1, target: file }, { file: sourceFile });
    expect(written).toMatchObject({ filename: 'big.bin', mimeType: 'application/octet-stream', size: expected.length, streamed: true });
    expect(sha(await readFile(file))).toBe(sha(expected));
  }, 120_000);

  it('saves a quoted-printable attachment of a 60 MB message through the worker, byte-exact', async () => {
    // Random bytes take ~2.5 encoded bytes each in QP: 23 MiB of data is a ~54 MiB part (a 45 MB QP file would
    // make a message over the 64 MB limit).
    const data = awkwardBytes(23 * 1024 * 1024);
    const source = Buffer.from(qpAttachmentMessage(data));
    expect(source.length).toBeGreaterThan(50 * 1024 * 1024);
    const sourceFile = join(dir, 'qp.eml');
    await writeFile(sourceFile, source);
    const file = target();
    const written = await pool.run({ kind: 'writeAttachment', index: 0, target: file }, { file: sourceFile });
    expect(written).toMatchObject({ size: data.length, streamed: true });
    expect(sha(await readFile(file))).toBe(sha(data));
  }, 120_000);
});
