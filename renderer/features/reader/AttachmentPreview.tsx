/**
 * An in-app preview of one attachment whose bytes were checked (downloadAttachment.previewFor): an image as
 * `<img src=blob:>`, text in a `<pre>` (as text, never markup), a PDF in a frame on a blob typed
 * application/pdf. SVG and HTML never get here.
 */
import { useEffect, useRef } from 'react';
import type { Preview } from './downloadAttachment';

const MAX_TEXT_CHARS = 2_000_000;

export interface PreviewState {
  filename: string;
  preview: Preview;
  /** A blob: URL of the checked bytes, typed as they really are (null for text); its owner revokes it. */
  url: string | null;
}

/** The blob: URL a preview shows, typed by what the bytes were checked to be; null for text. */
export function previewUrl(bytes: Uint8Array, preview: Preview): string | null {
  if (preview.kind === 'text') return null;
  const type = preview.kind === 'image' ? preview.mimeType : 'application/pdf';
  return URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
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
        {preview.kind === 'pdf' && url && (
          // No sandbox attribute: Chromium refuses to run its PDF viewer in a sandboxed frame. The blob is typed
          // application/pdf and its bytes start with %PDF-, so it is never parsed as HTML.
          <iframe className="attachment-preview-pdf" title={`PDF: ${filename}`} src={url} />
        )}
        {preview.kind === 'text' && (
          <pre className="attachment-preview-text">
            {text.length > MAX_TEXT_CHARS ? `${text.slice(0, MAX_TEXT_CHARS)}\n…` : text}
          </pre>
        )}
      </div>
    </div>
  );
}
