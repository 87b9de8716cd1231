/**
 * Attachment bytes in the renderer, for previews only: decoding what the engine sends and deciding what may be
 * previewed (by the bytes, never by the declared type alone: SVG and HTML are never shown inline). Saving
 * never brings the bytes here (prepareAttachmentDownload; downloadFromHost.ts in browser mode).
 */

// PDFs are drawn by pdf.js onto canvases (PdfPreview.tsx), never handed to Chromium's PDF viewer, which runs
// a PDF's own scripts and refuses sandboxed frames.
export type PreviewKind = 'image' | 'text' | 'pdf';
export type PreviewImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

const PREVIEWABLE_IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/pjpeg', 'image/jpg', 'image/gif', 'image/webp'];

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** The kind of preview the declared type asks for (to offer "Open"); null for everything else, SVG and HTML included. */
export function declaredPreviewKind(mimeType: string): PreviewKind | null {
  const type = mimeType.toLowerCase().split(';')[0]?.trim() ?? '';
  if (PREVIEWABLE_IMAGE_TYPES.includes(type)) return 'image';
  if (type === 'text/plain') return 'text';
  if (type === 'application/pdf') return 'pdf';
  return null;
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return bytes.length >= signature.length && signature.every((byte, index) => bytes[index] === byte);
}

/** The image type the bytes really are (PNG, JPEG, GIF, WebP), or null. */
export function sniffPreviewImage(bytes: Uint8Array): PreviewImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes.subarray(8), [0x57, 0x45, 0x42, 0x50])) return 'image/webp';
  return null;
}

export type Preview = { kind: 'image'; mimeType: PreviewImageType } | { kind: 'text'; text: string } | { kind: 'pdf'; bytes: Uint8Array };

const PDF_SIGNATURE = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

/** What the bytes may be shown as, given what they were declared as; null when they are not what they claim. */
export function previewFor(mimeType: string, bytes: Uint8Array): Preview | null {
  const declared = declaredPreviewKind(mimeType);
  if (declared === 'image') {
    const real = sniffPreviewImage(bytes);
    return real ? { kind: 'image', mimeType: real } : null;
  }
  if (declared === 'text') return { kind: 'text', text: new TextDecoder('utf-8', { fatal: false }).decode(bytes) };
  if (declared === 'pdf') return startsWith(bytes, PDF_SIGNATURE) ? { kind: 'pdf', bytes } : null;
  return null;
}
