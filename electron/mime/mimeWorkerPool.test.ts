/**
 * The MIME worker pool: the same results as parsing in-thread (on the test corpora and the seeded hostile
 * messages), errors that cross the thread with their codes, and a worker that overruns its time or its heap
 * terminated, answered with "could not be displayed", and replaced for the next message.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileAttachmentMessage } from '../testing/attachmentMessages';
import { hostileMessage, manyPartsMessage } from '../testing/hostileMessages';
import { largeMessage } from '../testing/largeMessage';
import { hostileNewsletterHtml, htmlMessage, solidPng } from '../testing/htmlMessages';
import { messageWithAttachment, plainMessage } from '../testing/testMessages';
import { MimeWorkerPool } from './mimeWorkerPool';
import { runMimeJob } from './runMimeJob';

const bytes = (text: string) => Buffer.from(text);

function corpus(): Array<{ name: string; source: Uint8Array }> {
  const png = solidPng(2, 2);
  const cases: Array<{ name: string; source: Uint8Array }> = [
    { name: 'plain', source: bytes(plainMessage(1)) },
    { name: 'legacy charset + attachment', source: bytes(messageWithAttachment('Report')) },
    { name: 'alternative', source: bytes(htmlMessage({ subject: 'Alt', text: 'Plain', html: '<p>Rich</p>' })) },
    { name: 'cid image', source: bytes(htmlMessage({ subject: 'Inline', html: '<img src="cid:a@b">', inline: [{ contentId: 'a@b', contentType: 'image/png', data: png }] })) },
    { name: 'newsletter', source: bytes(htmlMessage({ subject: 'News', html: hostileNewsletterHtml('canary.invalid') })) },
    { name: 'hostile attachment names', source: bytes(hostileAttachmentMessage('Names')) },
  ];
  for (let index = 0; index < 200; index++) cases.push({ name: `hostile #${index}`, source: hostileMessage(0x7e57, index).source });
  return cases;
}

let dir: string;
const pools: MimeWorkerPool[] = [];
function pool(options: ConstructorParameters<typeof MimeWorkerPool>[0] = {}): MimeWorkerPool {
  const created = new MimeWorkerPool(options);
  pools.push(created);
  return created;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tern-mime-pool-'));
});

afterAll(async () => {
  await Promise.all(pools.map((created) => created.close()));
  await rm(dir, { recursive: true, force: true });
});

describe('MimeWorkerPool', () => {
  it('parses exactly as in-thread parsing does, from bytes and from a file', async () => {
    const workers = pool();
    const mismatches: string[] = [];
    for (const [index, { name, source }] of corpus().entries()) {
      const expected = await runMimeJob({ kind: 'parseMessage', uid: index + 1 }, source);
      const fromBytes = await workers.parseMessage(index + 1, { bytes: source });
      if (JSON.stringify(fromBytes) !== JSON.stringify(expected)) mismatches.push(`${name} (bytes)`);
      if (index % 20 === 0) {
        const file = join(dir, `m${index}.eml`);
        await writeFile(file, source);
        const fromFile = await workers.parseMessage(index + 1, { file });
        if (JSON.stringify(fromFile) !== JSON.stringify(expected)) mismatches.push(`${name} (file)`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(workers.restarts).toBe(0);
  }, 60_000);

  it('extracts attachments and attached messages as in-thread, and passes error codes across', async () => {
    const workers = pool();
    const source = bytes(messageWithAttachment('Report'));
    const expected = await runMimeJob({ kind: 'extractAttachment', index: 0 }, source);
    await expect(workers.run({ kind: 'extractAttachment', index: 0 }, { bytes: source })).resolves.toEqual(expected);
    await expect(workers.run({ kind: 'extractAttachment', index: 7 }, { bytes: source })).rejects.toMatchObject({ name: 'TernError', code: 'NOT_FOUND' });
    await expect(workers.run({ kind: 'attachedMessage', index: 0 }, { bytes: source })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'This attachment is not a message.' });
  });

  it('a message that takes too long: the worker is ended, the reader told why, and the next message parses', async () => {
    const workers = pool({ timeoutMs: 150 });
    const slow = manyPartsMessage(20_000);
    const started = performance.now();
    const body = await workers.parseMessage(1, { bytes: slow });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(body).toMatchObject({ uid: 1, text: null, html: null, attachments: [] });
    expect(body.notice).toBe('This message could not be displayed: reading it took longer than 150 ms.');
    await expect(workers.run({ kind: 'extractAttachment', index: 3 }, { bytes: slow })).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(workers.restarts).toBe(2);
    const next = await workers.parseMessage(2, { bytes: bytes(plainMessage(2)) });
    expect(next.text).toBe('Body of message 2.\n');
  }, 30_000);

  it('a message that needs more memory than the cap: the worker is ended, and a fresh one serves the next', async () => {
    const workers = pool({ maxHeapMb: 24 });
    // 40 MB of text becomes strings in the V8 heap (decoded, then joined): far past a 24 MB heap.
    const huge = Buffer.concat([bytes('Subject: huge text\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n'), Buffer.alloc(40 * 1024 * 1024, 'word and more words\r\n')]);
    const body = await workers.parseMessage(1, { bytes: huge });
    expect(body.notice).toBe('This message could not be displayed: reading it needed more than 24 MB of memory.');
    expect(workers.restarts).toBe(1);
    const next = await workers.parseMessage(2, { bytes: bytes(plainMessage(2)) });
    expect(next.text).toBe('Body of message 2.\n');
  }, 30_000);

  it('retires a worker after a large message, so the parser\'s memory goes back to the system', async () => {
    const workers = pool();
    await workers.parseMessage(1, { bytes: bytes(plainMessage(1)) });
    expect(workers.workerCount).toBe(1);
    const large = largeMessage(20 * 1024 * 1024);
    const body = await workers.parseMessage(2, { bytes: large.source });
    expect(body.attachments.map(({ filename }) => filename)).toEqual(['notes.txt', 'big.bin']);
    expect(body.attachments[1]?.size).toBe(large.attachmentBytes);
    expect(workers.workerCount).toBe(0);
    expect(workers.restarts).toBe(0);
    await expect(workers.parseMessage(3, { bytes: bytes(plainMessage(3)) })).resolves.toMatchObject({ text: 'Body of message 3.\n' });
  }, 30_000);

  it('runs jobs one at a time per worker, in order, and refuses new ones once closed', async () => {
    const workers = pool();
    const results = await Promise.all([1, 2, 3, 4].map((uid) => workers.parseMessage(uid, { bytes: bytes(plainMessage(uid)) })));
    expect(results.map((body) => body.text)).toEqual([1, 2, 3, 4].map((uid) => `Body of message ${uid}.\n`));
    await workers.close();
    await expect(workers.run({ kind: 'parseMessage', uid: 5 }, { bytes: bytes(plainMessage(5)) })).rejects.toMatchObject({ code: 'DISCONNECTED' });
  });
});
