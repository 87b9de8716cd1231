/**
 * Where each leaf part's body lies in a message file, found in one streaming pass that keeps only headers
 * and boundary lines, plus a "skeleton" of the message: the same bytes with every leaf body replaced by a
 * short marker. postal-mime parses the skeleton (kilobytes, not megabytes) to say which leaf is attachment
 * number N, with the very name and type the reader lists, and the body is then decoded from the file as a
 * stream. Boundaries are recognised as postal-mime recognises them; anything this reading is not sure to see
 * the same way (message/* parts, an outer boundary cutting an inner part short, unusual parameters, very
 * large headers or preambles) answers null, and the caller parses the whole message instead.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface LeafPart {
  /** Byte offsets in the file: the body, without the line break that belongs to the next boundary. */
  bodyStart: number;
  bodyEnd: number;
  /** Content-Transfer-Encoding, lower-case; 7bit when absent. */
  encoding: string;
  contentType: string;
}

export interface MimeLayout {
  leaves: LeafPart[];
  skeleton: Buffer;
  nonce: string;
}

const MAX_HEADER_BYTES = 256 * 1024;
const MAX_SKELETON_BYTES = 8 * 1024 * 1024;
const MAX_PARTS = 2000;
const MAX_DEPTH = 64;
const READ_CHUNK = 1024 * 1024;

export function leafMarker(nonce: string, leaf: number): string {
  return `TERN-LEAF-${nonce}-${leaf}`;
}

interface ParsedHeaders {
  type: string;
  boundary: string | null;
  encoding: string;
}

/** The two headers that shape the tree; null when they are not plain enough to be sure of. */
function parseHeaders(lines: Buffer[]): ParsedHeaders | null {
  const unfolded: string[] = [];
  for (const raw of lines) {
    const line = raw.toString('latin1').replace(/[\r\n]+$/, '');
    if (/^[ \t]/.test(line) && unfolded.length > 0) unfolded[unfolded.length - 1] += ` ${line.trim()}`;
    else unfolded.push(line);
  }
  let contentType: string | null = null;
  let encoding: string | null = null;
  for (const line of unfolded) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-type') {
      if (contentType !== null) return null;
      contentType = value;
    } else if (name === 'content-transfer-encoding') {
      if (encoding !== null) return null;
      encoding = value.toLowerCase();
    }
  }
  const type = (contentType ?? 'text/plain').split(';')[0]?.trim().toLowerCase() ?? '';
  // A type postal-mime might read as a nested message or a multipart where this reading does not (quotes,
  // comments, odd spacing) would give the skeleton another tree: only the plain spellings are streamed.
  // multipart/digest is out too: its parts default to message/rfc822.
  if (/message|digest/i.test(contentType ?? '') || (/multipart/i.test(contentType ?? '') && !type.startsWith('multipart/'))) return null;
  let boundary: string | null = null;
  if (type.startsWith('multipart/')) {
    const params = (contentType ?? '').slice((contentType ?? '').indexOf(';') + 1);
    if (/boundary\*/i.test(params)) return null;
    const match = /(?:^|;)\s*boundary\s*=\s*(?:"([^"\\]*)"|([^;\s"]+))/i.exec(params);
    boundary = match ? (match[1] ?? match[2] ?? null) : null;
    if (!boundary) return null;
  }
  return { type, boundary, encoding: encoding || '7bit' };
}

/** The line without its trailing CR/LF characters, as postal-mime reads lines. */
function lineContent(line: Buffer): Buffer {
  let end = line.length;
  while (end > 0 && (line[end - 1] === 0x0a || line[end - 1] === 0x0d)) end--;
  return line.subarray(0, end);
}

function newlineLength(line: Buffer): number {
  if (line[line.length - 1] !== 0x0a) return 0;
  return line[line.length - 2] === 0x0d ? 2 : 1;
}

/** `--boundary` or `--boundary--`, then only spaces or tabs: 'open', 'close', or null. */
function boundaryKind(content: Buffer, boundary: Buffer): 'open' | 'close' | null {
  if (content.length < boundary.length + 2 || content[0] !== 0x2d || content[1] !== 0x2d) return null;
  if (!content.subarray(2, 2 + boundary.length).equals(boundary)) return null;
  let end = boundary.length + 2;
  const close = content.length >= end + 2 && content[end] === 0x2d && content[end + 1] === 0x2d;
  if (close) end += 2;
  for (let i = end; i < content.length; i++) if (content[i] !== 0x20 && content[i] !== 0x09) return null;
  return close ? 'close' : 'open';
}

const BASE64_CHAR = /[A-Za-z0-9+/]/;
const KNOWN_ENCODINGS = new Set(['base64', 'quoted-printable', '7bit', '8bit', 'binary']);
const NON_SPACE = /[^\s]/;

export async function scanMimeLayout(file: string): Promise<MimeLayout | null> {
  const nonce = randomBytes(6).toString('hex');
  const leaves: LeafPart[] = [];
  const skeleton: Buffer[] = [];
  let skeletonBytes = 0;
  const boundaries: Buffer[] = [];
  let mode: 'headers' | 'leaf' | 'other' = 'headers';
  let headerLines: Buffer[] = [];
  let headerBytes = 0;
  // The open leaf: its lines are kept only while it has no content yet (an empty part stays as it is).
  let leaf: (LeafPart & { hasContent: boolean; heldLines: Buffer[] }) | null = null;
  let previousNewline = 0;
  let offset = 0;
  let failed = false;

  const keep = (bytes: Buffer) => {
    skeleton.push(bytes);
    skeletonBytes += bytes.length;
    if (skeletonBytes > MAX_SKELETON_BYTES) failed = true;
  };

  const closeLeaf = (end: number) => {
    if (!leaf) return;
    leaf.bodyEnd = Math.max(leaf.bodyStart, end);
    if (leaf.hasContent) {
      const marker = leafMarker(nonce, leaves.length);
      keep(Buffer.from(`${leaf.encoding === 'base64' ? Buffer.from(marker).toString('base64') : marker}\r\n`));
    } else {
      for (const held of leaf.heldLines) keep(held);
    }
    leaves.push({ bodyStart: leaf.bodyStart, bodyEnd: leaf.bodyEnd, encoding: leaf.encoding, contentType: leaf.contentType });
    leaf = null;
  };

  const onLine = (line: Buffer) => {
    const start = offset;
    offset += line.length;
    if (mode !== 'headers' && boundaries.length > 0 && line[0] === 0x2d && line[1] === 0x2d) {
      const content = lineContent(line);
      for (let depth = boundaries.length - 1; depth >= 0; depth--) {
        const kind = boundaryKind(content, boundaries[depth] as Buffer);
        if (!kind) continue;
        // An outer boundary while an inner multipart is open: postal-mime's tree then differs in ways not worth copying.
        if (depth !== boundaries.length - 1) {
          failed = true;
          return;
        }
        closeLeaf(start - previousNewline);
        keep(Buffer.from(line));
        if (kind === 'close') {
          boundaries.pop();
          mode = 'other';
        } else {
          mode = 'headers';
          headerLines = [];
          headerBytes = 0;
        }
        previousNewline = newlineLength(line);
        return;
      }
    }
    previousNewline = newlineLength(line);
    if (mode === 'headers') {
      keep(Buffer.from(line));
      if (lineContent(line).length > 0) {
        headerLines.push(Buffer.from(line));
        headerBytes += line.length;
        if (headerBytes > MAX_HEADER_BYTES) failed = true;
        return;
      }
      const parsed = parseHeaders(headerLines);
      if (!parsed || parsed.type.startsWith('message/') || leaves.length >= MAX_PARTS) {
        failed = true;
        return;
      }
      if (parsed.boundary !== null) {
        boundaries.push(Buffer.from(parsed.boundary, 'latin1'));
        if (boundaries.length > MAX_DEPTH) failed = true;
        mode = 'other';
        return;
      }
      // An encoding the stream decoders do not know: postal-mime's own reading of it decides, on the whole message.
      if (!KNOWN_ENCODINGS.has(parsed.encoding)) {
        failed = true;
        return;
      }
      mode = 'leaf';
      leaf = { bodyStart: offset, bodyEnd: offset, encoding: parsed.encoding, contentType: parsed.type, hasContent: false, heldLines: [] };
      return;
    }
    if (mode === 'leaf' && leaf) {
      if (!leaf.hasContent) {
        const text = line.toString('latin1');
        leaf.hasContent = leaf.encoding === 'base64' ? BASE64_CHAR.test(text) : NON_SPACE.test(text);
        if (!leaf.hasContent) {
          leaf.heldLines.push(Buffer.from(line));
          if (leaf.heldLines.length > 10_000) failed = true;
        }
      }
      return;
    }
    keep(Buffer.from(line));
  };

  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, { highWaterMark: READ_CHUNK })) {
    const data: Buffer = pending.length > 0 ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (let newline = data.indexOf(0x0a, start); newline >= 0 && !failed; newline = data.indexOf(0x0a, start)) {
      onLine(data.subarray(start, newline + 1));
      start = newline + 1;
    }
    if (failed) return null;
    pending = Buffer.from(data.subarray(start));
  }
  if (pending.length > 0) onLine(pending);
  if (failed || mode === 'headers') return null;
  closeLeaf(offset);
  return failed ? null : { leaves, skeleton: Buffer.concat(skeleton), nonce };
}
