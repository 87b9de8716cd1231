import { describe, expect, it } from 'vitest';
import { classifyUrl } from './classifyUrl';

describe('classifyUrl', () => {
  it('reads remote URLs the way the browser will, however they are spelled', () => {
    expect(classifyUrl('http://e.test/a.png')).toEqual({ kind: 'remote', href: 'http://e.test/a.png' });
    expect(classifyUrl('  HTTPS://E.test/a.png ')).toEqual({ kind: 'remote', href: 'https://e.test/a.png' });
    expect(classifyUrl('//e.test/a.png')).toEqual({ kind: 'remote', href: 'https://e.test/a.png' });
    expect(classifyUrl('\\\\e.test/a.png')).toEqual({ kind: 'remote', href: 'https://e.test/a.png' });
    expect(classifyUrl('/\\e.test/a.png')).toEqual({ kind: 'remote', href: 'https://e.test/a.png' });
    expect(classifyUrl('ht\ttp://e.test/a.png')).toEqual({ kind: 'remote', href: 'http://e.test/a.png' });
  });

  it('names inline parts without brackets or %-encoding', () => {
    expect(classifyUrl('cid:logo@shop.example')).toEqual({ kind: 'cid', contentId: 'logo@shop.example' });
    expect(classifyUrl('CID:logo%40shop.example')).toEqual({ kind: 'cid', contentId: 'logo@shop.example' });
    expect(classifyUrl('cid:%3Clogo@x%3E')).toEqual({ kind: 'cid', contentId: 'logo@x' });
    expect(classifyUrl('cid:')).toEqual({ kind: 'other' });
  });

  it('treats relative URLs, fragments and other schemes as "other"', () => {
    for (const value of ['relative.png', '/abs/path.png', '#top', '?q=1', '', 'javascript:alert(1)', 'file:///etc/passwd', 'ftp://e.test/x', 'http://', 'about:blank']) {
      expect(classifyUrl(value), value).toEqual({ kind: 'other' });
    }
  });

  it('knows data: and mailto:', () => {
    expect(classifyUrl('data:image/png;base64,AAAA')).toEqual({ kind: 'data', href: 'data:image/png;base64,AAAA' });
    expect(classifyUrl('mailto:a@b.test?subject=x')).toEqual({ kind: 'mailto', href: 'mailto:a@b.test?subject=x' });
  });
});
