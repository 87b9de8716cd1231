// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { plainToRichText, richTextToPlain } from './richTextToPlain';

describe('the plain-text part of a rich-text message', () => {
  it('keeps paragraphs, line breaks and inline formatting as plain words', () => {
    expect(richTextToPlain('<p>Hello <strong>Bob</strong>,</p><p>see <em>you</em><br>soon</p>')).toBe('Hello Bob,\n\nsee you\nsoon\n');
  });

  it('writes lists with markers, numbered from their start, nested ones indented', () => {
    const html = '<ul><li><p>one</p></li><li><p>two</p><ol start="3"><li><p>three</p></li><li><p>four</p></li></ol></li></ul><p>after</p>';
    expect(richTextToPlain(html)).toBe('- one\n- two\n  3. three\n  4. four\n\nafter\n');
  });

  it('quotes a blockquote line by line, nested quotes twice', () => {
    const html = '<p>On Monday, Ann wrote:</p><blockquote><p>first</p><p>second<br>line</p><blockquote><p>older</p></blockquote></blockquote>';
    expect(richTextToPlain(html)).toBe('On Monday, Ann wrote:\n\n> first\n>\n> second\n> line\n>\n> > older\n');
  });

  it('writes where an image stood, with its alt text when it has one', () => {
    expect(richTextToPlain('<p>Our logo: <img src="cid:a@b" alt=" Tern  logo "> and <img src="cid:c@d"></p>')).toBe('Our logo: [image: Tern logo] and [image]\n');
  });

  it('puts a link’s address after its text unless the text already shows it', () => {
    expect(richTextToPlain('<p><a href="https://example.test/a">the plan</a> and <a href="https://example.test/">https://example.test/</a> and <a href="mailto:ann@example.test">ann@example.test</a></p>')).toBe(
      'the plan <https://example.test/a> and https://example.test/ and ann@example.test\n',
    );
  });

  it('turns plain text into editor paragraphs and quotes, escaping markup', () => {
    expect(plainToRichText('Hi <b>\n\nOn Monday:\n> quoted\n> more')).toBe('<p>Hi &lt;b&gt;</p><p>On Monday:</p><blockquote><p>quoted<br>more</p></blockquote>');
    expect(richTextToPlain(plainToRichText('a\nb\n\nc'))).toBe('a\nb\n\nc\n');
  });
});
