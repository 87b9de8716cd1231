/**
 * A PDF attachment drawn by pdf.js onto canvases, the first pages only. pdf.js reads the file and paints it;
 * it does not run the PDF's JavaScript, forms or XFA (none of that is enabled here), and with `isEvalSupported`
 * off it compiles nothing either, as the app's CSP (no eval) requires. The library and its worker load only
 * when a PDF is first previewed, from the app's own origin.
 */
import { useEffect, useRef, useState } from 'react';

const MAX_PAGES = 20;
const WIDTH = 760;

async function loadPdfJs() {
  const [pdfjs, worker] = await Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]);
  pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
  return pdfjs;
}

export function PdfPreview({ bytes, filename }: { bytes: Uint8Array; filename: string }) {
  const pages = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<{ shown: number; total: number } | { error: string } | null>(null);

  useEffect(() => {
    let cancelled = false;
    let destroy: (() => Promise<void>) | null = null;
    void (async () => {
      try {
        const pdfjs = await loadPdfJs();
        // A copy: pdf.js transfers the buffer to its worker.
        const task = pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, enableXfa: false, disableAutoFetch: true, stopAtErrors: false });
        destroy = () => task.destroy();
        const pdf = await task.promise;
        const count = Math.min(pdf.numPages, MAX_PAGES);
        for (let number = 1; number <= count && !cancelled; number++) {
          const page = await pdf.getPage(number);
          const base = page.getViewport({ scale: 1 });
          const viewport = page.getViewport({ scale: WIDTH / base.width });
          const canvas = document.createElement('canvas');
          canvas.width = Math.floor(viewport.width);
          canvas.height = Math.floor(viewport.height);
          canvas.setAttribute('role', 'img');
          canvas.setAttribute('aria-label', `Page ${number} of ${filename}`);
          pages.current?.append(canvas);
          await page.render({ canvas, viewport }).promise;
          if (!cancelled) setState({ shown: number, total: pdf.numPages });
        }
      } catch (error) {
        if (!cancelled) setState({ error: `This PDF could not be shown: ${(error as Error).message}. Save it to open it elsewhere.` });
      }
    })();
    return () => {
      cancelled = true;
      void destroy?.();
    };
  }, [bytes, filename]);

  return (
    <div className="pdf-preview">
      {state === null && <p className="muted">Drawing the PDF…</p>}
      {state && 'error' in state && <p className="error" role="alert">{state.error}</p>}
      {state && 'total' in state && state.total > MAX_PAGES && <p className="muted">The first {MAX_PAGES} of {state.total} pages. Save the file to read the rest.</p>}
      <div ref={pages} className="pdf-pages" />
    </div>
  );
}
