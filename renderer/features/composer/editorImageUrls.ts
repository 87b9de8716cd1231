/**
 * The editor shows each image of the text by a short `blob:` URL, while the draft keeps its `data:` URL.
 * TipTap serializes the whole document to HTML after every key press; with a 4 MB image written into that
 * HTML as a data: URL, each key cost 33 ms of serializing: typing 44 characters took 2.4 s in headless
 * Chromium here, against 0.1 s with the same 4 MB as an attachment. A blob: URL is 60 characters: the HTML
 * the editor emits stays small, and this map puts the data: URLs back in (one string replace) before the
 * draft sees it. The same typing now takes 0.9 s; most of the rest is the draft's copy of the data: URL,
 * written to IndexedDB at every change like any draft.
 */
import { INLINE_IMAGE_SRC } from '../reader/sanitizeMessageHtml';

const SRC = /(<img\b[^>]*?\bsrc=")([^"]*)(")/g;

/** The blob: URLs the editors of this page made: the only ones the editor's schema reads from HTML. */
const ours = new Set<string>();

export function isEditorImageUrl(url: string): boolean {
  return ours.has(url);
}

function blobOf(dataUrl: string): Blob | null {
  if (!INLINE_IMAGE_SRC.test(dataUrl)) return null;
  const comma = dataUrl.indexOf(',');
  try {
    return new Blob([Uint8Array.from(atob(dataUrl.slice(comma + 1)), (char) => char.charCodeAt(0))], { type: dataUrl.slice('data:'.length, dataUrl.indexOf(';')) });
  } catch {
    return null;
  }
}

export class EditorImageUrls {
  private readonly dataByBlob = new Map<string, string>();
  private readonly blobByData = new Map<string, string>();

  /** A blob: URL standing for this image in the editor (made once per image). */
  forDataUrl(dataUrl: string, file?: Blob): string | null {
    const known = this.blobByData.get(dataUrl);
    if (known) return known;
    const blob = file ?? blobOf(dataUrl);
    if (!blob) return null;
    const url = URL.createObjectURL(blob);
    ours.add(url);
    this.dataByBlob.set(url, dataUrl);
    this.blobByData.set(dataUrl, url);
    return url;
  }

  /** The draft's HTML as the editor shows it: data: images by blob: URLs. */
  toEditor(html: string): string {
    if (!html.includes('data:image/')) return html;
    return html.replace(SRC, (tag, before: string, src: string, after: string) => {
      const url = src.startsWith('data:') ? this.forDataUrl(src) : null;
      return url ? `${before}${url}${after}` : tag;
    });
  }

  /** The editor's HTML as the draft keeps it: each blob: URL of this editor back to its data: URL. */
  fromEditor(html: string): string {
    if (!html.includes('blob:')) return html;
    return html.replace(SRC, (tag, before: string, src: string, after: string) => {
      const dataUrl = this.dataByBlob.get(src);
      return dataUrl ? `${before}${dataUrl}${after}` : tag;
    });
  }

  /** The editor is gone: its blob: URLs are let go. */
  release(): void {
    for (const url of this.dataByBlob.keys()) {
      URL.revokeObjectURL(url);
      ours.delete(url);
    }
    this.dataByBlob.clear();
    this.blobByData.clear();
  }
}
