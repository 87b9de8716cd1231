import { describe, expect, it } from 'vitest';
import { imagesToParts, partsToImages } from './inlineImages';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const GIF = 'R0lGODlhAQABAAAAACw=';

describe('images in the text of a rich-text message', () => {
  it('sends each data: image as a part the HTML names by cid:, the same image once', () => {
    const html = `<p>a <img src="data:image/png;base64,${PNG}" alt="dot"> b</p><p><img src="data:image/gif;base64,${GIF}"><img alt="again" src="data:image/png;base64,${PNG}"></p>`;
    const { html: out, parts } = imagesToParts(html, 'd1');
    expect(parts).toEqual([
      { filename: 'dot.png', mimeType: 'image/png', contentBase64: PNG, contentId: 'image1.d1@tern.invalid' },
      { filename: 'image2.gif', mimeType: 'image/gif', contentBase64: GIF, contentId: 'image2.d1@tern.invalid' },
    ]);
    expect(out).toBe('<p>a <img src="cid:image1.d1@tern.invalid" alt="dot"> b</p><p><img src="cid:image2.d1@tern.invalid"><img alt="again" src="cid:image1.d1@tern.invalid"></p>');
    expect(out).not.toContain('data:');
  });

  it('names a part after its alt text when that makes a file name', () => {
    const html = `<img alt="a/b: &quot;c&quot;" src="data:image/jpeg;base64,${PNG}"><img alt=" " src="data:image/webp;base64,${GIF}">`;
    expect(imagesToParts(html, 'd1').parts.map((part) => part.filename)).toEqual(['a b c.jpg', 'image2.webp']);
  });

  it('names the parts the same way every time the same draft is saved', () => {
    const html = `<p><img src="data:image/png;base64,${PNG}"></p>`;
    expect(imagesToParts(html, 'd1')).toEqual(imagesToParts(html, 'd1'));
  });

  it('leaves text that only looks like an image alone', () => {
    const html = `<p>data:image/png;base64,${PNG}</p>`;
    expect(imagesToParts(html, 'd1')).toEqual({ html, parts: [] });
  });

  it('brings the parts back into the text for the editor, leaving ordinary attachments as they are', () => {
    const sent = imagesToParts(`<p>x <img src="data:image/png;base64,${PNG}"></p>`, 'd2');
    const report = { filename: 'report.pdf', mimeType: 'application/pdf', contentBase64: 'JVBERi0=' };
    const back = partsToImages(sent.html, [report, ...sent.parts]);
    expect(back.html).toBe(`<p>x <img src="data:image/png;base64,${PNG}"></p>`);
    expect(back.attachments).toEqual([report]);
  });

  it('keeps a part as an attachment when the text does not name it or the editor cannot show it', () => {
    const svg = { filename: 'logo.svg', mimeType: 'image/svg+xml', contentBase64: 'PHN2Zy8+', contentId: 'logo@x' };
    const orphan = { filename: 'old.png', mimeType: 'image/png', contentBase64: PNG, contentId: 'old@x' };
    const back = partsToImages('<p><img src="cid:logo@x"></p><p>cid:old@xyz</p>', [svg, orphan]);
    expect(back.html).toBe('<p><img src="cid:logo@x"></p><p>cid:old@xyz</p>');
    expect(back.attachments).toEqual([
      { filename: 'logo.svg', mimeType: 'image/svg+xml', contentBase64: 'PHN2Zy8+' },
      { filename: 'old.png', mimeType: 'image/png', contentBase64: PNG },
    ]);
  });
});
