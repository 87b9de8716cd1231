import { describe, expect, it } from 'vitest';
import { base64ToBytes, declaredPreviewKind, previewFor, sniffPreviewImage } from './downloadAttachment';

const ascii = (text: string) => new Uint8Array([...text].map((c) => c.charCodeAt(0)));
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);

describe('attachment previews', () => {
  it('offers Open for raster images, PDF and plain text only — never SVG or HTML', () => {
    expect(['image/png', 'IMAGE/JPEG', 'image/gif', 'image/webp', 'application/pdf', 'text/plain; charset=utf-8'].map(declaredPreviewKind)).toEqual(['image', 'image', 'image', 'image', 'pdf', 'text']);
    expect(['image/svg+xml', 'text/html', 'application/xhtml+xml', 'text/xml', 'application/octet-stream', ''].map(declaredPreviewKind)).toEqual(Array(6).fill(null));
  });

  it('shows only bytes that are what they claim', () => {
    expect(previewFor('image/png', PNG)).toEqual({ kind: 'image', mimeType: 'image/png' });
    expect(previewFor('image/jpeg', PNG)).toEqual({ kind: 'image', mimeType: 'image/png' });
    expect(previewFor('image/png', ascii('<svg onload="alert(1)"></svg>'))).toBeNull();
    expect(previewFor('image/gif', ascii('<html><script>alert(1)</script>'))).toBeNull();
    // A PDF is drawn by pdf.js (never Chromium's viewer), and only when the bytes are a PDF.
    expect(previewFor('application/pdf', ascii('%PDF-1.7\n'))).toMatchObject({ kind: 'pdf' });
    expect(previewFor('application/pdf', ascii('<html><script>'))).toBeNull();
    expect(previewFor('text/plain', ascii('<b>x</b>'))).toEqual({ kind: 'text', text: '<b>x</b>' });
    expect(previewFor('text/html', ascii('<b>x</b>'))).toBeNull();
  });

  it('knows WebP by its RIFF header and decodes base64 byte-exact', () => {
    expect(sniffPreviewImage(ascii('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '))).toBe('image/webp');
    expect(sniffPreviewImage(ascii('RIFF\u0000\u0000\u0000\u0000WAVE'))).toBeNull();
    const all = new Uint8Array(256).map((_, index) => index);
    expect(base64ToBytes(Buffer.from(all).toString('base64'))).toEqual(all);
  });
});
