/**
 * `Content-Disposition: attachment` for a file name from a message (RFC 6266 with RFC 5987's `filename*`):
 * always attachment, never inline, so the browser saves the bytes instead of rendering them (an HTML or SVG
 * attachment must never run on Tern's origin). The name is made safe again here: this header is the last place
 * it passes before the user's disk.
 */
import { safeFilename } from '../../shared/domain/safeFilename';

/** RFC 5987 attr-char, which encodeURIComponent leaves alone apart from these four. */
function encodeExtValue(name: string): string {
  return encodeURIComponent(name).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A plain quoted-string for old clients: printable ASCII only, no quote or backslash. */
function asciiFallback(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  return ascii.trim() === '' ? 'attachment' : ascii;
}

export function attachmentDisposition(rawName: string): string {
  const name = safeFilename(rawName);
  return `attachment; filename="${asciiFallback(name)}"; filename*=UTF-8''${encodeExtValue(name)}`;
}
