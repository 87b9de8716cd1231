/**
 * An in-app preview of one attachment whose bytes were checked (downloadAttachment.previewFor): an image as
 * `<img src=blob:>`, text in a `<pre>` (as text, never markup), a PDF drawn page by page by pdf.js (no script
 * of the PDF runs). SVG and HTML never get here: they are saved instead.
 */
import { useEffect, useRef } from 'react';
import type { Preview } from './downloadAttachment';
import { PdfPreview } from './PdfPreview';

const MAX_TEXT_CHARS = 2_000_000;

export interface PreviewState {
  filename: string;
  preview: Preview;
  /** A blob: URL of the checked bytes, typed as they really are (null for text); its owner revokes it. */
  url: string | null;
}

/** The blob: URL a preview shows, typed by what the bytes were checked to be; null for text. */
export function previewUrl(bytes: Uint8Array, preview: Preview): string | null {
  if (preview.kind !== 'image') return null;
  return URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: preview.mimeType }));
}

export function AttachmentPreview({ state, onClose }: { state: PreviewState; onClose: () => void }) {
  const { filename, preview, url } = state;
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    closeButton.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const text = preview.kind === 'text' ? preview.text : '';
  return (
    <div className="dialog-backdrop" onClick={(event) => event.target === event.currentTarget && onClose()}>
      <div className="dialog attachment-preview" role="dialog" aria-modal="true" aria-label={`Preview of ${filename}`}>
        <div className="attachment-preview-bar">
          <h1>{filename}</h1>
          <button type="button" ref={closeButton} onClick={onClose}>Close</button>
        </div>
        {preview.kind === 'image' && url && <img className="attachment-preview-image" src={url} alt={filename} />}
        {preview.kind === 'pdf' && <PdfPreview bytes={preview.bytes} filename={filename} />}
        {preview.kind === 'text' && (
          <pre className="attachment-preview-text">
            {text.length > MAX_TEXT_CHARS ? `${text.slice(0, MAX_TEXT_CHARS)}\n…` : text}
          </pre>
        )}
      </div>
    </div>
  );
}
