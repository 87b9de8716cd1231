/**
 * The stream decoders give the same bytes however the input is cut: chunks of one byte, odd sizes, a `=XX`
 * escape or a CRLF split between chunks.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { quotedPrintable } from '../testing/qpMessage';
import { transferDecoder } from './transferDecoders';

async function decode(encoding: string, input: Buffer, chunkSizes: number[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (let at = 0, i = 0; at < input.length; i++) {
    const size = chunkSizes[i % chunkSizes.length] as number;
    chunks.push(input.subarray(at, at + size));
    at += size;
  }
  const decoder = transferDecoder(encoding);
  if (!decoder) throw new Error(`no decoder for ${encoding}`);
  const out: Buffer[] = [];
  decoder.on('data', (chunk: Buffer) => out.push(chunk));
  await new Promise<void>((resolve, reject) => {
    decoder.on('end', resolve);
    decoder.on('error', reject);
    Readable.from(chunks).pipe(decoder);
  });
  return Buffer.concat(out);
}

const CUTS = [[1], [2, 3, 5, 7], [77], [64 * 1024 + 3], [1 << 20]];

describe('transfer decoders', () => {
  it.each(CUTS)('base64 in 76-column lines, cut every %j bytes', async (...sizes) => {
    const data = randomBytes(200_003);
    const encoded = Buffer.from(data.toString('base64').replace(/.{76}/g, '$&\r\n'));
    expect((await decode('base64', encoded, sizes)).equals(data)).toBe(true);
  });

  it('base64 with padding mid-stream decodes each unit as postal-mime does', async () => {
    const encoded = Buffer.from('QQ==\r\nQkM=\r\nREVG\r\n');
    expect((await decode('base64', encoded, [1])).toString()).toBe('ABCDEF');
  });

  it.each(CUTS)('quoted-printable, cut every %j bytes', async (...sizes) => {
    const data = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(100_000)]);
    expect((await decode('quoted-printable', Buffer.from(quotedPrintable(data)), sizes)).equals(data)).toBe(true);
  });

  it('quoted-printable: hard breaks are CRLF between lines, trailing whitespace dropped, a stray = kept', async () => {
    const encoded = Buffer.from('one  \r\ntwo=\r\n three =3D =ZZ =\r\nend\r\n');
    expect((await decode('quoted-printable', encoded, [1])).toString('latin1')).toBe('one\r\ntwo three = =ZZ end\r\n');
    expect((await decode('quoted-printable', Buffer.from('a\nb'), [1])).toString('latin1')).toBe('a\r\nb');
  });

  it('7bit, 8bit and binary pass through; unknown encodings have no decoder', async () => {
    const data = randomBytes(1000);
    for (const encoding of ['7bit', '8bit', 'binary']) expect((await decode(encoding, data, [13])).equals(data)).toBe(true);
    expect(transferDecoder('x-uuencode')).toBeNull();
  });
});
