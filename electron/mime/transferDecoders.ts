/**
 * Content-Transfer-Encoding decoders as Node streams, for writing a large attachment from the message file
 * without holding it whole. base64 follows postal-mime's reading (characters outside the alphabet ignored,
 * each run of `=` ends a unit), so a saved file has the bytes the reader's parser gives. Quoted-printable
 * follows RFC 2045: trailing whitespace dropped, `=` at the end of a line joins it to the next, and a hard line
 * break is CRLF between lines (none after the last: that line break belongs to the boundary, RFC 2046).
 */
import { PassThrough, Transform, type TransformCallback } from 'node:stream';

const NOT_BASE64 = /[^A-Za-z0-9+/=]+/g;
/** Decode in slices of at least this many characters (a multiple of 4), so output comes out as it goes. */
const BASE64_SLICE = 64 * 1024;

export class Base64DecodeStream extends Transform {
  private remainder = '';

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const units = chunk.toString('latin1').replace(NOT_BASE64, '').split(/=+/);
    for (let i = 0; i < units.length; i++) {
      this.remainder += units[i];
      if (i < units.length - 1) this.flushRemainder();
    }
    if (this.remainder.length >= BASE64_SLICE) {
      const aligned = this.remainder.length - (this.remainder.length % 4);
      this.push(Buffer.from(this.remainder.slice(0, aligned), 'base64'));
      this.remainder = this.remainder.slice(aligned);
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    this.flushRemainder();
    done();
  }

  private flushRemainder(): void {
    if (this.remainder.length > 0) this.push(Buffer.from(this.remainder, 'base64'));
    this.remainder = '';
  }
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

export class QuotedPrintableDecodeStream extends Transform {
  private partial: Buffer = Buffer.alloc(0);
  private breakPending = false;
  private sawLine = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const data = this.partial.length > 0 ? Buffer.concat([this.partial, chunk]) : chunk;
    const out: Buffer[] = [];
    let start = 0;
    for (let newline = data.indexOf(0x0a, start); newline >= 0; newline = data.indexOf(0x0a, start)) {
      out.push(this.decodeLine(data.subarray(start, newline)));
      this.sawLine = true;
      start = newline + 1;
    }
    this.partial = Buffer.from(data.subarray(start));
    if (out.length > 0) this.push(Buffer.concat(out));
    done();
  }

  override _flush(done: TransformCallback): void {
    // Input that ends with a line break ends with an empty last line: the break before it is content.
    if (this.partial.length > 0 || this.sawLine) this.push(this.decodeLine(this.partial));
    this.partial = Buffer.alloc(0);
    done();
  }

  /** One encoded line (without its LF) → its bytes, preceded by the previous line's hard break if it had one. */
  private decodeLine(line: Buffer): Buffer {
    let end = line.length;
    while (end > 0 && (line[end - 1] === 0x0d || line[end - 1] === 0x20 || line[end - 1] === 0x09)) end--;
    const soft = end > 0 && line[end - 1] === 0x3d;
    if (soft) end--;
    const out = Buffer.allocUnsafe(end + 2);
    let length = 0;
    if (this.breakPending) {
      out[length++] = 0x0d;
      out[length++] = 0x0a;
    }
    for (let i = 0; i < end; i++) {
      const byte = line[i] as number;
      // `=XX` is a byte; an `=` not followed by two hex digits stays as it is.
      if (byte === 0x3d && i + 2 < end) {
        const high = hexValue(line[i + 1] as number);
        const low = hexValue(line[i + 2] as number);
        if (high >= 0 && low >= 0) {
          out[length++] = high * 16 + low;
          i += 2;
          continue;
        }
      }
      out[length++] = byte;
    }
    this.breakPending = !soft;
    return out.subarray(0, length);
  }
}

/** The decoder for a transfer encoding (lower-case); 7bit, 8bit and binary bodies are their own bytes. */
export function transferDecoder(encoding: string): Transform | null {
  switch (encoding) {
    case 'base64':
      return new Base64DecodeStream();
    case 'quoted-printable':
      return new QuotedPrintableDecodeStream();
    case '7bit':
    case '8bit':
    case 'binary':
      return new PassThrough();
    default:
      return null;
  }
}
