import { describe, expect, it } from 'vitest';
import { EditorImageUrls, isEditorImageUrl } from './editorImageUrls';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('the editor’s short URLs for the images of a draft', () => {
  it('shows each data: image by a blob: URL and gives the draft its data: URL back', () => {
    const urls = new EditorImageUrls();
    const draft = `<p>a <img src="${PNG}" alt="dot"> b <img alt="again" src="${PNG}"></p>`;
    const shown = urls.toEditor(draft);
    const blobs = [...shown.matchAll(/src="(blob:[^"]+)"/g)].map((match) => match[1]!);
    expect(blobs).toHaveLength(2);
    expect(blobs[0]).toBe(blobs[1]);
    expect(shown).not.toContain('base64');
    expect(isEditorImageUrl(blobs[0]!)).toBe(true);
    expect(urls.fromEditor(shown)).toBe(draft);
    urls.release();
  });

  it('leaves other sources alone, and forgets its URLs once released', () => {
    const urls = new EditorImageUrls();
    const other = '<p><img src="blob:http://elsewhere/1"><img src="data:image/svg+xml;base64,PHN2Zy8+"></p>';
    expect(urls.toEditor(other)).toBe(other);
    expect(urls.fromEditor(other)).toBe(other);
    const shown = urls.toEditor(`<img src="${PNG}">`);
    const blob = /src="([^"]+)"/.exec(shown)![1]!;
    urls.release();
    expect(isEditorImageUrl(blob)).toBe(false);
    expect(urls.fromEditor(shown)).toBe(shown);
  });
});
