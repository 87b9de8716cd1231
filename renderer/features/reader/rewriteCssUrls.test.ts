import { describe, expect, it } from 'vitest';
import { cssString, rewriteCssUrls, type CssUrlContext } from './rewriteCssUrls';

/** Blocks everything, recording what it saw. */
function blockAll(css: string) {
  const seen: Array<[string, CssUrlContext]> = [];
  const out = rewriteCssUrls(css, (url, context) => {
    seen.push([url, context]);
    return null;
  });
  return { out, seen };
}

describe('rewriteCssUrls', () => {
  it('finds url() in every spelling and neutralizes it', () => {
    const { out, seen } = blockAll(
      `a { background: url(http://e.test/1.png) } b { background: URL( "http://e.test/2.png" ) } c { background: \\75 rl(http://e.test/3.png) } d { background: u\\72l('http://e.test/4.png') }`,
    );
    expect(seen.map(([url]) => url)).toEqual(['http://e.test/1.png', 'http://e.test/2.png', 'http://e.test/3.png', 'http://e.test/4.png']);
    expect(out).toBe(`a { background: none } b { background: tern-blocked( "" ) } c { background: none } d { background: tern-blocked("") }`);
    expect(out).not.toContain('e.test');
  });

  it('handles @import with a string, a url() and an escaped keyword', () => {
    const { out, seen } = blockAll(`@import "http://e.test/a.css"; @import url(http://e.test/b.css) screen; @\\69mport 'http://e.test/c.css'; p { color: red }`);
    expect(seen).toEqual([
      ['http://e.test/a.css', 'import'],
      ['http://e.test/b.css', 'import'],
      ['http://e.test/c.css', 'import'],
    ]);
    expect(out).toBe(`@tern-blocked-import ""; @tern-blocked-import none screen; @tern-blocked-import ""; p { color: red }`);
  });

  it('knows fonts from images', () => {
    const { seen, out } = blockAll(`@font-face { font-family: X; src: local(X), url(http://e.test/x.woff2) format("woff2") } .a { background: url(http://e.test/bg.png) }`);
    expect(seen).toEqual([
      ['http://e.test/x.woff2', 'font'],
      ['http://e.test/bg.png', 'image'],
    ]);
    expect(out).toContain('src: local(X), none format("woff2")');
  });

  it('finds strings in image-set() and src(), and remote strings a var() could carry', () => {
    const { out, seen } = blockAll(
      `.a { background: image-set("http://e.test/1x.png" 1x, 'http://e.test/2x.png' 2x) } .b { background: -webkit-image-set(url(http://e.test/w.png) 1x) } .c { --u: "//e.test/v.png"; background: image-set(var(--u) 1x) } .d { background: src("http://e.test/s.png") }`,
    );
    expect(seen.map(([url]) => url)).toEqual(['http://e.test/1x.png', 'http://e.test/2x.png', 'http://e.test/w.png', '//e.test/v.png', 'http://e.test/s.png']);
    expect(out).toBe(
      `.a { background: tern-blocked("" 1x, "" 2x) } .b { background: -webkit-image-set(none 1x) } .c { --u: ""; background: image-set(var(--u) 1x) } .d { background: tern-blocked("") }`,
    );
  });

  it('is not fooled by comments, strings or stray brackets', () => {
    const css = `/* url(http://e.test/comment.png) */ .a::before { content: "url(http://e.test/in-string)" } .b { background: image-set( } url(http://e.test/after-brace.png) 1x) }`;
    const { seen } = blockAll(css);
    expect(seen.map(([url]) => url)).toEqual(['http://e.test/after-brace.png']);
  });

  it('drops bad url tokens without asking', () => {
    const { out, seen } = blockAll(`.a { background: url(http://e.test/a b.png) } .b { color: red }`);
    expect(seen).toEqual([]);
    expect(out).toBe(`.a { background: none } .b { color: red }`);
  });

  it('removes HTML comment markers, which make DOMPurify drop a <style>', () => {
    expect(rewriteCssUrls('<!-- p { color: red } -->', () => null)).toBe('  p { color: red }  ');
  });

  it('keeps what the decider keeps and writes replacements as safe strings', () => {
    const css = `.a { background: url(cid:logo@x) } .b { background: url("http://e.test/keep.png") } .c { background: url(http://e.test/swap.png) }`;
    const out = rewriteCssUrls(css, (url) => (url.startsWith('cid:') ? 'data:image/png;base64,AAAA' : url.endsWith('swap.png') ? 'https://e.test/"swapped".png' : url));
    expect(out).toBe(`.a { background: url("data:image/png;base64,AAAA") } .b { background: url("http://e.test/keep.png") } .c { background: url("https://e.test/\\22 swapped\\22 .png") }`);
    expect(rewriteCssUrls('p { color: red }', () => null)).toBe('p { color: red }');
    expect(rewriteCssUrls('p/* see http://e.test/x */{ color: red }/**/', () => null)).toBe('p/**/{ color: red }/**/');
  });

  it('escapes quotes, backslashes, angle brackets and newlines in strings it writes', () => {
    expect(cssString('a"b\\c<d>\ne')).toBe('"a\\22 b\\5c c\\3c d\\3e \\a e"');
  });
});
