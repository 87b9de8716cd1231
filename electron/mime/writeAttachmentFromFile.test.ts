/**
 * Streaming an attachment out of the message file must pick the same attachment, under the same name and
 * type, with the same bytes as the reader's parser (postal-mime on the whole message) — on ordinary messages
 * and on 300 seeded hostile ones. Where the scan is not sure it falls back to the whole parse; the test
 * counts how often each way ran, so a change that quietly stops streaming shows.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileAttachmentMessage, messageWithAttachments, plainName } from '../testing/attachmentMessages';
import { hostileMessage, manyPartsMessage } from '../testing/hostileMessages';
import { htmlMessage, solidPng } from '../testing/htmlMessages';
import { largeMessage } from '../testing/largeMessage';
import { qpAttachmentMessage } from '../testing/qpMessage';
import { messageWithAttachment } from '../testing/testMessages';
import { attachmentBytes } from './extractAttachment';
import { parseMessage } from './parseMessage';
import { writeAttachmentFromFile } from './writeAttachmentFromFile';

let dir: string;
let next = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tern-stream-attachment-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function both(source: Buffer, index: number) {
  const file = join(dir, `m${next}.eml`);
  const target = join(dir, `a${next++}.bin`);
  await writeFile(file, source);
  const expected = await attachmentBytes(source, index, Infinity).catch((error: unknown) => error as Error);
  const got = await writeAttachmentFromFile(file, index, target).catch((error: unknown) => error as Error);
  const bytes = got instanceof Error ? null : await readFile(target);
  return { expected, got, bytes };
}

describe('writeAttachmentFromFile', () => {
  it('streams ordinary attachments with the reader’s name, type and bytes', async () => {
    const png = solidPng(3, 3);
    const sources = [
      Buffer.from(hostileAttachmentMessage('Files')),
      Buffer.from(messageWithAttachment('Report')),
      Buffer.from(htmlMessage({ subject: 'Inline', html: '<img src="cid:a@b">', inline: [{ contentId: 'a@b', contentType: 'image/png', data: png }] })),
      Buffer.from(messageWithAttachments({ subject: 'Two', attachments: [{ contentType: 'application/pdf', dispositionParams: plainName('a.pdf'), data: Buffer.from('%PDF-1') }, { contentType: 'text/csv', dispositionParams: plainName('b.csv'), data: Buffer.from('x,y\r\n1,2\r\n') }] })),
      largeMessage(2 * 1024 * 1024).source,
      manyPartsMessage(120),
    ];
    for (const source of sources) {
      const count = (await parseMessage(1, source)).attachments.length;
      expect(count).toBeGreaterThan(0);
      for (let index = 0; index < count; index++) {
        const { expected, got, bytes } = await both(source, index);
        if (expected instanceof Error || got instanceof Error) throw new Error(`index ${index}: ${String(expected)} / ${String(got)}`);
        expect(got.streamed).toBe(true);
        expect({ filename: got.filename, mimeType: got.mimeType }).toEqual({ filename: expected.filename, mimeType: expected.mimeType });
        expect(got.size).toBe(bytes!.length);
        // base64 parts byte-exact; a 7bit part's last line break belongs to the boundary (see sameText).
        const base64Only = source !== sources[5] && got.filename !== 'notes.txt' && got.filename !== 'b.csv';
        if (base64Only) expect(bytes!.equals(expected.bytes)).toBe(true);
        else expect(sameText(bytes!, expected.bytes)).toBe(true);
        expect(Buffer.from(got.head).equals(bytes!.subarray(0, 64))).toBe(true);
      }
    }
  }, 60_000);

  it('parses the whole message instead where parts nest messages (message/rfc822, multipart/digest)', async () => {
    const inner = messageWithAttachments({ subject: 'Inner', attachments: [{ contentType: 'application/zip', dispositionParams: plainName('inner.zip'), data: Buffer.from('PK inner') }] });
    const forwarded = messageWithAttachments({
      subject: 'Fwd',
      attachments: [
        { contentType: 'message/rfc822', dispositionParams: plainName('inner.eml'), data: Buffer.from(inner) },
        { contentType: 'application/pdf', dispositionParams: plainName('after.pdf'), data: Buffer.from('%PDF-after') },
      ],
    });
    const digest = [
      'Subject: Digest',
      'MIME-Version: 1.0',
      'Content-Type: multipart/digest; boundary="d"',
      '',
      '--d',
      '',
      inner,
      '--d--',
      '',
    ].join('\r\n');
    for (const source of [Buffer.from(forwarded), Buffer.from(digest)]) {
      const count = (await parseMessage(1, source)).attachments.length;
      expect(count).toBeGreaterThan(0);
      for (let index = 0; index < count; index++) {
        const { expected, got, bytes } = await both(source, index);
        if (expected instanceof Error || got instanceof Error) throw new Error(`index ${index}: ${String(expected)} / ${String(got)}`);
        expect(got).toMatchObject({ streamed: false, filename: expected.filename, mimeType: expected.mimeType });
        expect(bytes!.equals(expected.bytes)).toBe(true);
      }
    }
  });

  it('decodes quoted-printable by RFC 2045: the exact bytes, no line break added at the end', async () => {
    const data = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from('\r\n.\r\n= \t\r\n--tern-qp-boundary\r\nend')]);
    const { got, bytes } = await both(Buffer.from(qpAttachmentMessage(data)), 0);
    expect(got).toMatchObject({ streamed: true, filename: 'data.bin', size: data.length });
    expect(bytes!.equals(data)).toBe(true);
  });

  it('agrees with the whole parse on 300 hostile messages (base64 and raw parts byte-exact), or falls back', async () => {
    let streamed = 0;
    let fellBack = 0;
    const differences: string[] = [];
    for (let n = 0; n < 300; n++) {
      const { source } = hostileMessage(0xa77ac4, n);
      const count = Math.min(4, (await parseMessage(1, source)).attachments.length);
      for (let index = 0; index < count; index++) {
        const { expected, got, bytes } = await both(source, index);
        if (expected instanceof Error || got instanceof Error) {
          // Both refuse, or the whole parse refuses what it listed (a part too odd to decode): never a different file.
          if (!(got instanceof Error)) differences.push(`#${n}/${index}: only the whole parse failed`);
          continue;
        }
        if (got.streamed) streamed++;
        else fellBack++;
        if (got.filename !== expected.filename || got.mimeType !== expected.mimeType) differences.push(`#${n}/${index}: ${got.filename} ${got.mimeType} vs ${expected.filename} ${expected.mimeType}`);
        // Text-like encodings differ by design in line breaks only (kept as sent, none added after the last line).
        else if (!bytes!.equals(expected.bytes) && !sameText(bytes!, expected.bytes)) differences.push(`#${n}/${index}: ${bytes!.length} vs ${expected.bytes.length} bytes`);
      }
    }
    expect(differences).toEqual([]);
    expect(streamed).toBeGreaterThan(50);
    process.stdout.write(`hostile corpus: ${streamed} streamed, ${fellBack} parsed whole\n`);
  }, 120_000);
});

/**
 * Equal but for line ends. For a part that is not base64, postal-mime joins the lines with LF, adds one after
 * the last and keeps trailing whitespace; the stream keeps the part's own line breaks, none after the last
 * line (it belongs to the boundary, RFC 2046) and drops quoted-printable's trailing whitespace (RFC 2045 6.7).
 */
function sameText(a: Buffer, b: Buffer): boolean {
  const normal = (bytes: Buffer) => bytes.toString('latin1').replace(/[ \t]*\r*\n/g, '\n').replace(/[ \t\r\n]+$/, '');
  return normal(a) === normal(b);
}
