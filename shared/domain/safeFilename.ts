/**
 * A file name from a message (already decoded from RFC 2047/2231 by the MIME parser) → a name that is safe to
 * save under: the base name only (a sender can write `../../.bashrc`, or `..\..\x` for Windows), without
 * control characters, NUL or bidi overrides (`invoice\u202Efdp.exe` shows as "invoiceexe.pdf"), without
 * characters Windows refuses, trailing dots or spaces, or a reserved device name, and at most 200 characters,
 * keeping the extension. A leading dot is kept: `.bashrc` stays `.bashrc` (saved by the user's choice only).
 */
const MAX_CHARS = 200;
const MAX_UTF8_BYTES = 240;
const MAX_EXTENSION_CHARS = 16;
const FALLBACK = 'attachment';

// C0 (NUL included) and DEL, C1, and invisible formatting/bidi characters: LRM/RLM and zero-width ones,
// embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069), the Arabic letter mark, the BOM.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\u061c\ufeff\ufff9-\ufffb]/g;
// Refused by Windows file systems (':' also opens an NTFS alternate data stream).
const WINDOWS_FORBIDDEN = /[<>:"|?*]/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)$/i;

function utf8Length(text: string): number {
  let bytes = 0;
  for (const point of text) {
    const code = point.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** Cuts whole code points off the end until both limits hold. */
function truncate(text: string, maxChars: number, maxBytes: number): string {
  let points = Array.from(text);
  if (points.length > maxChars) points = points.slice(0, maxChars);
  while (points.length > 0 && utf8Length(points.join('')) > maxBytes) points.pop();
  return points.join('');
}

function capLength(name: string): string {
  if (Array.from(name).length <= MAX_CHARS && utf8Length(name) <= MAX_UTF8_BYTES) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= MAX_EXTENSION_CHARS + 1 ? name.slice(dot) : '';
  const stem = extension ? name.slice(0, dot) : name;
  const room = MAX_CHARS - Array.from(extension).length;
  const cut = truncate(stem, room, MAX_UTF8_BYTES - utf8Length(extension)).replace(/[. ]+$/, '');
  return (cut || FALLBACK) + extension;
}

export function safeFilename(raw: string | null | undefined): string {
  let name = String(raw ?? '').normalize('NFC').replace(INVISIBLE, '');
  // Base name only, on either separator (after decoding: the parser hands over the decoded name).
  name = name.split(/[/\\]/).pop() ?? '';
  name = name.replace(WINDOWS_FORBIDDEN, '_').trim();
  // Windows drops trailing dots and spaces, which would change the extension the user sees.
  name = name.replace(/[. ]+$/, '');
  if (/^\.*$/.test(name)) return FALLBACK;
  const dot = name.indexOf('.', 1);
  const stem = dot > 0 ? name.slice(0, dot) : name;
  if (WINDOWS_RESERVED.test(stem.trim())) name = `_${name}`;
  return capLength(name);
}

/** The extension, lower-cased and without the dot ('' when there is none; `.bashrc` has none). */
export function fileExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}
