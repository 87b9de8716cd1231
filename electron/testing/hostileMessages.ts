/**
 * Hostile messages, generated from a seed: random MIME trees (odd boundaries, unclosed parts, nested
 * message/rfc822), charsets real and made up, encoded words well and badly formed, base64 and
 * quoted-printable with garbage in them, traversal file names, and byte-level mutations of all of that.
 * The same seed always gives the same messages, so a failure can be replayed from its seed and index.
 */

/** mulberry32: small, fast, and the same on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHARSETS = ['utf-8', 'UTF-8', 'iso-8859-1', 'windows-1252', 'koi8-r', 'shift_jis', 'euc-jp', 'iso-2022-jp', 'gb2312', 'gb18030', 'big5', 'utf-16', 'utf-16le', 'utf-7', 'x-unknown-charset', '', '"utf-8"', 'utf-8"; x="', 'iso-8859-8-i', 'us-ascii', 'ks_c_5601-1987', 'cp1251', '\u0000'];
const MULTIPART = ['mixed', 'alternative', 'related', 'digest', 'signed', 'report', 'parallel', 'x-weird'];
const LEAVES = ['text/plain', 'text/html', 'text/enriched', 'image/png', 'image/svg+xml', 'application/octet-stream', 'application/pdf', 'message/rfc822', 'message/delivery-status', 'text/calendar', '', 'garbage', 'text/'];
const ENCODINGS = ['base64', 'quoted-printable', '7bit', '8bit', 'binary', 'x-uuencode', 'BASE64', '', 'base64 quoted-printable'];
const NAMES = ['report.pdf', '../../.bashrc', '..\\..\\win.ini', 'invoice\u202efdp.exe', 'a\u0000b.txt', 'CON', '', '.'.repeat(300), 'x'.repeat(2000), '=?utf-8?B?Li4vLi4vZXRjL3Bhc3N3ZA==?=', 'ü n i c ö d e.txt'];

export interface HostileMessageCase {
  index: number;
  /** How the message was made, for a failure report. */
  recipe: string[];
  source: Buffer;
}

/** Every byte of the UTF-8 form as `<marker>XX` (text may hold a lone surrogate, which encodeURIComponent refuses). */
function escapeBytes(text: string, marker: string): string {
  return [...Buffer.from(text)].map((byte) => `${marker}${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

class Generator {
  readonly recipe: string[] = [];
  private boundaries = 0;

  constructor(private readonly random: () => number) {}

  int(max: number): number {
    return Math.floor(this.random() * max);
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) out[i] = this.int(256);
    return out;
  }

  text(length: number): string {
    const alphabets = ['abcdefghij klmnop', 'äöüß ÄÖÜ €', 'Привет мир', '日本語のテキスト', '\u202e\u200b\u0000\t\r\n', '<b>&amp;</b>', '=?=?', 'שלום', '😀👍🏽'];
    let out = '';
    while (out.length < length) out += this.pick(alphabets);
    return out.slice(0, length);
  }

  /** An RFC 2047 encoded word, often broken. */
  encodedWord(): string {
    const charset = this.pick(CHARSETS);
    const payload = this.text(1 + this.int(30));
    const kind = this.int(6);
    switch (kind) {
      case 0:
        return `=?${charset}?B?${Buffer.from(payload).toString('base64')}?=`;
      case 1:
        return `=?${charset}?Q?${escapeBytes(payload, '=')}?=`;
      case 2:
        return `=?${charset}?B?${Buffer.from(payload).toString('base64').slice(0, this.int(20))}`; // unterminated
      case 3:
        return `=?${charset}?X?${payload}?=`; // unknown encoding
      case 4:
        return `=?${charset}?B?${'!@#$%^&*'.repeat(1 + this.int(5))}?=`; // not base64
      default:
        return `=?${charset}*${this.pick(['en', '', '\u0000'])}?Q?=C3=A9=ZZ=?=`;
    }
  }

  headerValue(): string {
    const parts: string[] = [];
    for (let i = 0, n = 1 + this.int(5); i < n; i++) parts.push(this.chance(0.5) ? this.encodedWord() : this.text(1 + this.int(40)));
    let value = parts.join(this.pick([' ', '', '\r\n ', '\r\n\t', ',']));
    if (this.chance(0.05)) value += 'x'.repeat(this.int(20_000)); // an over-long line
    return value;
  }

  headers(contentType: string, extra: string[] = []): string {
    const lines = [`Content-Type: ${contentType}`, ...extra];
    if (this.chance(0.7)) lines.unshift(`From: ${this.pick(['', '"', this.headerValue() + ' '])}<${this.pick(['a@example.test', 'broken', '@@', ''])}>`);
    if (this.chance(0.7)) lines.unshift(`Subject: ${this.headerValue()}`);
    if (this.chance(0.3)) lines.unshift(`To: ${this.headerValue()}`);
    if (this.chance(0.2)) lines.push('No colon on this header line');
    if (this.chance(0.1)) lines.push(`X-Raw: ${this.bytes(20).toString('latin1')}`);
    if (this.chance(0.1)) lines.push(`Content-Type: ${this.pick(LEAVES)}`); // a second one
    return lines.join('\r\n');
  }

  body(encoding: string, mime: string): string {
    const raw = mime.startsWith('image') || mime.includes('octet') ? this.bytes(this.int(400)) : Buffer.from(mime === 'text/html' ? `<html><body><p>${this.text(this.int(300))}</p><img src="cid:img${this.int(3)}"><script>x</script></body>` : this.text(this.int(400)));
    switch (encoding.toLowerCase()) {
      case 'base64': {
        let encoded = raw.toString('base64').replace(/.{76}/g, '$&\r\n');
        if (this.chance(0.3)) encoded = encoded.slice(0, this.int(encoded.length + 1)); // truncated
        if (this.chance(0.2)) encoded += '*&^%$===\u0000=';
        return encoded;
      }
      case 'quoted-printable': {
        let encoded = raw.toString('latin1').replace(/[=\u0080-\u00ff]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
        if (this.chance(0.3)) encoded += '=\r\n=ZZ=4=';
        return encoded;
      }
      default:
        return raw.toString('latin1');
    }
  }

  part(depth: number): string {
    if (depth > 0 && this.chance(0.45)) {
      const subtype = this.pick(MULTIPART);
      const boundary = this.pick([`b${this.boundaries++}`, '', ' ', 'a"b', `b${this.boundaries}`, '=_=', '-'.repeat(70), `b${Math.max(0, this.boundaries - 1)}`]);
      this.recipe.push(`multipart/${subtype} boundary=${JSON.stringify(boundary)}`);
      const children: string[] = [];
      for (let i = 0, n = this.int(5); i < n; i++) children.push(this.part(depth - 1));
      const quoted = this.chance(0.7) ? `"${boundary}"` : boundary;
      const parameter = this.chance(0.9) ? `; boundary=${quoted}` : '';
      let out = `${this.headers(`multipart/${subtype}${parameter}`)}\r\n\r\n${this.chance(0.3) ? 'preamble\r\n' : ''}`;
      for (const child of children) out += `--${boundary}\r\n${child}\r\n`;
      if (this.chance(0.8)) out += `--${boundary}--\r\n`; // otherwise never closed
      if (this.chance(0.2)) out += 'epilogue';
      return out;
    }
    const mime = this.pick(LEAVES);
    if (mime === 'message/rfc822' && depth > 0) {
      this.recipe.push('message/rfc822');
      return `${this.headers('message/rfc822')}\r\n\r\n${this.part(depth - 1)}`;
    }
    const encoding = this.pick(ENCODINGS);
    const charset = this.pick(CHARSETS);
    const extra = [`Content-Transfer-Encoding: ${encoding}`];
    if (this.chance(0.4)) {
      const name = this.pick(NAMES);
      extra.push(this.chance(0.5) ? `Content-Disposition: ${this.pick(['attachment', 'inline', 'weird'])}; filename="${name}"` : `Content-Disposition: attachment; filename*0*=utf-8''${escapeBytes(name, '%')}; filename*1="${this.text(5)}"`);
    }
    if (this.chance(0.3)) extra.push(`Content-ID: <img${this.int(3)}>`);
    this.recipe.push(`${mime || '(none)'} ${encoding || '(none)'} charset=${JSON.stringify(charset)}`);
    return `${this.headers(`${mime}; charset=${charset}`, extra)}\r\n\r\n${this.body(encoding, mime)}`;
  }

  /** Byte-level damage: cuts, repeats, stray CR/LF/NUL, flipped bytes. */
  mutate(source: Buffer): Buffer {
    let out: Buffer = source;
    for (let i = 0, n = this.int(4); i < n; i++) {
      const at = this.int(out.length + 1);
      const kind = this.int(5);
      this.recipe.push(`mutation ${['cut', 'repeat', 'insert', 'flip', 'truncate'][kind]} at ${at}`);
      if (kind === 0) out = Buffer.concat([out.subarray(0, at), out.subarray(Math.min(out.length, at + this.int(200)))]);
      else if (kind === 1) out = Buffer.concat([out.subarray(0, at), out.subarray(at, at + this.int(500)), out.subarray(at)]);
      else if (kind === 2) out = Buffer.concat([out.subarray(0, at), Buffer.from(this.pick(['\r', '\n', '\u0000', '\r\n\r\n', '--', '=?', '\r\n--b0\r\n']), 'latin1'), out.subarray(at)]);
      else if (kind === 3 && out.length > 0) (out = Buffer.from(out))[Math.min(at, out.length - 1)] = this.int(256);
      else out = out.subarray(0, at);
    }
    return out;
  }
}

/** Case `index` of the run seeded with `seed` (each case has its own stream, so one can be replayed alone). */
export function hostileMessage(seed: number, index: number): HostileMessageCase {
  const generator = new Generator(seededRandom((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0));
  const top = generator.part(1 + generator.int(6));
  let source: Buffer = Buffer.from(`MIME-Version: 1.0\r\nMessage-ID: <fuzz-${index}@example.test>\r\n${top}`, 'latin1');
  if (generator.chance(0.5)) source = generator.mutate(source);
  return { index, recipe: generator.recipe, source };
}

/** A message nested `depth` multiparts deep, one text part at the bottom. */
export function deeplyNestedMessage(depth: number): Buffer {
  const open: string[] = [];
  const close: string[] = [];
  for (let level = 0; level < depth; level++) {
    open.push(`Content-Type: multipart/mixed; boundary="n${level}"\r\n\r\n--n${level}\r\n`);
    close.unshift(`\r\n--n${level}--\r\n`);
  }
  return Buffer.from(`Subject: deep\r\nMIME-Version: 1.0\r\n${open.join('')}Content-Type: text/plain\r\n\r\nat the bottom${close.join('')}`);
}

/** A message with `count` small attachments. */
export function manyPartsMessage(count: number): Buffer {
  const parts: string[] = ['Subject: many parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="p"\r\n\r\n--p\r\nContent-Type: text/plain\r\n\r\nthe text\r\n'];
  for (let i = 0; i < count; i++) parts.push(`--p\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="f${i}.bin"\r\n\r\npart ${i}\r\n`);
  parts.push('--p--\r\n');
  return Buffer.from(parts.join(''));
}

/** A message whose header block is `bytes` long (one folded header), with a short body. */
export function hugeHeaderMessage(bytes: number): Buffer {
  const line = `X-Filler: ${'h'.repeat(70)}\r\n`;
  return Buffer.from(`Subject: huge header\r\n${line.repeat(Math.ceil(bytes / line.length))}Content-Type: text/plain\r\n\r\nthe body after a huge header\r\n`);
}
