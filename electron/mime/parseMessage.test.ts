import { describe, expect, it } from 'vitest';
import { htmlMessage, solidPng } from '../testing/htmlMessages';
import { messageWithAttachment, plainMessage } from '../testing/testMessages';
import { parseMessage } from './parseMessage';
import { sniffImageType } from './sniffImageType';

const source = (rfc822: string) => new TextEncoder().encode(rfc822);

describe('parseMessage', () => {
  it('keeps a plain-text message as text only (no HTML made up from it)', async () => {
    const body = await parseMessage(1, source(plainMessage(1)));
    expect(body).toMatchObject({ uid: 1, text: 'Body of message 1.\n', html: null, inlineParts: [], replyTo: [] });
  });

  it('still decodes legacy charsets and lists attachments', async () => {
    const body = await parseMessage(2, source(messageWithAttachment('Report')));
    expect(body.text?.trim()).toBe('Grüße aus Köln.');
    expect(body.html).toBeNull();
    expect(body.attachments).toEqual([{ filename: 'report.pdf', mimeType: 'application/pdf', size: 13, contentId: null, inline: false }]);
  });

  it('keeps both parts of multipart/alternative', async () => {
    const body = await parseMessage(3, source(htmlMessage({ subject: 'Alt', text: 'Plain words', html: '<p>Rich <b>words</b></p>' })));
    expect(body.text?.trim()).toBe('Plain words');
    expect(body.html).toContain('<b>words</b>');
  });

  it('has no text for an HTML-only message (the reader shows the HTML)', async () => {
    const body = await parseMessage(4, source(htmlMessage({ subject: 'Only HTML', html: '<p>Hello <i>there</i></p>' })));
    expect(body.html).toContain('<i>there</i>');
    expect(body.text).toBeNull();
  });

  it('provides referenced cid: images as data URLs, checked by their bytes', async () => {
    const png = solidPng(3, 2);
    const rfc822 = htmlMessage({
      subject: 'Inline',
      html: '<p><img src="cid:logo@shop.example"> <img src="cid:Photo%40shop.example"> <img src="cid:fake@shop.example"> <img src="cid:vector@shop.example"></p>',
      inline: [
        { contentId: 'logo@shop.example', contentType: 'image/png', data: png },
        { contentId: 'photo@shop.example', contentType: 'image/jpeg', data: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]) },
        { contentId: 'unused@shop.example', contentType: 'image/png', data: png },
        // Claims to be a PNG but is HTML; and an SVG, which could carry markup: neither is passed on.
        { contentId: 'fake@shop.example', contentType: 'image/png', data: Buffer.from('<html><script>alert(1)</script></html>') },
        { contentId: 'vector@shop.example', contentType: 'image/svg+xml', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') },
      ],
    });
    const body = await parseMessage(5, source(rfc822));
    expect(body.inlineParts).toEqual([
      { contentId: 'logo@shop.example', mimeType: 'image/png', dataUrl: `data:image/png;base64,${png.toString('base64')}` },
      { contentId: 'photo@shop.example', mimeType: 'image/jpeg', dataUrl: 'data:image/jpeg;base64,/9j/4AAQ' },
    ]);
    // They are still attachments of the message.
    expect(body.attachments.map((attachment) => attachment.contentId)).toEqual(['<logo@shop.example>', '<photo@shop.example>', '<unused@shop.example>', '<fake@shop.example>', '<vector@shop.example>']);
  });

  it('caps inline images in number and total size', async () => {
    const big = Buffer.concat([solidPng(1, 1), Buffer.alloc(1_500_000)]);
    const inline = Array.from({ length: 5 }, (_, index) => ({ contentId: `big${index}@x`, contentType: 'image/png', data: big }));
    const body = await parseMessage(6, source(htmlMessage({ subject: 'Big', html: inline.map((image) => `<img src="cid:${image.contentId}">`).join(''), inline })));
    // 6 MiB in total: four of the 1.5 MB images fit.
    expect(body.inlineParts).toHaveLength(4);

    const many = Array.from({ length: 60 }, (_, index) => ({ contentId: `p${index}@x`, contentType: 'image/gif', data: Buffer.from('GIF89a....') }));
    const manyBody = await parseMessage(7, source(htmlMessage({ subject: 'Many', html: many.map((image) => `<img src="cid:${image.contentId}">`).join(''), inline: many })));
    expect(manyBody.inlineParts).toHaveLength(40);
  });

  it('reports Reply-To, groups flattened', async () => {
    const rfc822 = htmlMessage({ subject: 'Spoof', from: '"PayPal <security@paypal.com>" <x@evil.test>', replyTo: 'Billing: collect@evil.test, "Help" <help@evil.test>;', html: '<p>Pay now</p>' });
    const body = await parseMessage(8, source(rfc822));
    expect(body.replyTo).toEqual([
      { name: '', address: 'collect@evil.test' },
      { name: 'Help', address: 'help@evil.test' },
    ]);
  });

  it('falls back to raw text for a message it cannot parse', async () => {
    const deep = `Content-Type: multipart/mixed; boundary=b\r\n\r\n${'--b\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n'.repeat(150)}x`;
    const body = await parseMessage(9, source(`Subject: deep\r\n${deep}`));
    expect(body.html).toBeNull();
    expect(body.notice).toContain('could not fully decode');
  });
});

describe('sniffImageType', () => {
  it('knows PNG, JPEG, GIF and WebP by their first bytes, and nothing else', () => {
    expect(sniffImageType(solidPng(1, 1))).toBe('image/png');
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xdb]))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('GIF87a'))).toBe('image/gif');
    expect(sniffImageType(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp');
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageType(new Uint8Array(0))).toBeNull();
  });
});
