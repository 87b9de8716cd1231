/**
 * Finds every place in a piece of CSS that can make the browser fetch something — `url()` and `src()`,
 * strings inside `image-set()` and friends, `@import`, remote-looking strings that `var()` could carry into
 * one of those — and lets the caller keep, replace or drop each. It tokenizes the way CSS Syntax Level 3
 * does (comments, strings, escapes such as `\75 rl(`, nesting), so no spelling hides a URL from it; where it
 * is unsure it errs on the side of treating something as a URL.
 *
 * Comments are emptied. A dropped reference becomes something that can never load: a url token becomes `none`, a `url("…")`
 * function is renamed to an unknown one with an empty string, and `@import` becomes an unknown at-rule.
 */

export type CssUrlContext = 'import' | 'font' | 'image';

/** Returns the URL to use (the same one to keep it, another to replace it), or null to drop the reference. */
export type CssUrlDecider = (url: string, context: CssUrlContext) => string | null;

const BLOCKED_FUNCTION = 'tern-blocked';
const IMAGE_FUNCTIONS = new Set(['image-set', '-webkit-image-set', 'image', 'cross-fade', '-webkit-cross-fade']);
const URL_FUNCTIONS = new Set(['url', 'src']);

interface Nesting {
  close: ')' | ']' | '}';
  /** Lower-cased function name, '' for a plain bracket or block. */
  fn: string;
  fnStart: number;
  fnEnd: number;
  fontFace: boolean;
}

interface Replacement {
  start: number;
  end: number;
  text: string;
}

const isWhitespace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
const isHexDigit = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const isNewline = (c: string | undefined) => c === '\n' || c === '\r' || c === '\f';
const isIdentStart = (c: string | undefined) => c !== undefined && (/^[a-zA-Z_]$/.test(c) || c.charCodeAt(0) >= 0x80);
const isIdentChar = (c: string | undefined) => c !== undefined && (isIdentStart(c) || /^[0-9-]$/.test(c));
const isNonPrintable = (c: string) => {
  const code = c.charCodeAt(0);
  return code <= 0x08 || code === 0x0b || (code >= 0x0e && code <= 0x1f) || code === 0x7f;
};

/** A CSS string literal that survives any context, including an HTML `<style>` element. */
export function cssString(value: string): string {
  return `"${value.replace(/[\\"<>\n\r\f]/g, (char) => `\\${char.charCodeAt(0).toString(16)} `)}"`;
}

function looksLikeRemoteUrl(value: string): boolean {
  return /^\s*(?:[a-z][a-z0-9+.-]*:)?[\\/]{2}/i.test(value) || /^\s*https?:/i.test(value);
}

export function rewriteCssUrls(css: string, decide: CssUrlDecider): string {
  const n = css.length;
  const stack: Nesting[] = [];
  const replacements: Replacement[] = [];
  // The at-rule whose prelude is being read (before its `;` or `{`), with where its keyword is.
  let atRule: { name: string; start: number; end: number; depth: number } | null = null;
  let i = 0;

  const replace = (start: number, end: number, text: string) => {
    if (!replacements.some((existing) => existing.start === start)) replacements.push({ start, end, text });
  };

  const validEscape = (at: number) => css[at] === '\\' && !isNewline(css[at + 1]);
  const startsIdent = (at: number) => {
    const c = css[at];
    if (c === '-') return isIdentStart(css[at + 1]) || css[at + 1] === '-' || validEscape(at + 1);
    if (c === '\\') return validEscape(at);
    return isIdentStart(c);
  };

  /** Consumes the escape whose backslash is at `at`; returns the character and where it ends. */
  const consumeEscape = (at: number): { char: string; next: number } => {
    let j = at + 1;
    if (j >= n) return { char: '\ufffd', next: j };
    if (isHexDigit(css[j])) {
      let hex = '';
      while (hex.length < 6 && isHexDigit(css[j])) hex += css[j++];
      if (css[j] === '\r' && css[j + 1] === '\n') j += 2;
      else if (isWhitespace(css[j])) j += 1;
      const code = parseInt(hex, 16);
      const valid = code !== 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
      return { char: valid ? String.fromCodePoint(code) : '\ufffd', next: j };
    }
    const codePoint = css.codePointAt(j) ?? 0xfffd;
    const char = String.fromCodePoint(codePoint);
    return { char, next: j + char.length };
  };

  const consumeIdent = (at: number): { value: string; next: number } => {
    let value = '';
    let j = at;
    while (j < n) {
      if (validEscape(j)) {
        const escape = consumeEscape(j);
        value += escape.char;
        j = escape.next;
      } else if (isIdentChar(css[j])) {
        value += css[j++];
      } else break;
    }
    return { value, next: j };
  };

  const consumeString = (at: number): { value: string; next: number; bad: boolean } => {
    const quote = css[at];
    let value = '';
    let j = at + 1;
    while (j < n) {
      const c = css[j] as string;
      if (c === quote) return { value, next: j + 1, bad: false };
      if (isNewline(c)) return { value, next: j, bad: true };
      if (c === '\\') {
        if (j + 1 >= n) j += 1;
        else if (isNewline(css[j + 1])) j += css[j + 1] === '\r' && css[j + 2] === '\n' ? 3 : 2;
        else {
          const escape = consumeEscape(j);
          value += escape.char;
          j = escape.next;
        }
        continue;
      }
      value += c;
      j += 1;
    }
    return { value, next: j, bad: false };
  };

  /** An unquoted url token, from just after `url(`; bad ones are consumed to their `)` like a browser does. */
  const consumeUrl = (at: number): { value: string; next: number; bad: boolean } => {
    let value = '';
    let j = at;
    while (isWhitespace(css[j])) j += 1;
    const remnants = () => {
      while (j < n && css[j] !== ')') {
        if (validEscape(j)) j = consumeEscape(j).next;
        else j += 1;
      }
      return { value, next: Math.min(j + 1, n), bad: true };
    };
    while (j < n) {
      const c = css[j] as string;
      if (c === ')') return { value, next: j + 1, bad: false };
      if (isWhitespace(c)) {
        while (isWhitespace(css[j])) j += 1;
        if (j >= n || css[j] === ')') return { value, next: Math.min(j + 1, n), bad: false };
        return remnants();
      }
      if (c === '"' || c === "'" || c === '(' || isNonPrintable(c)) return remnants();
      if (c === '\\') {
        if (!validEscape(j)) return remnants();
        const escape = consumeEscape(j);
        value += escape.char;
        j = escape.next;
        continue;
      }
      value += c;
      j += 1;
    }
    return { value, next: j, bad: false };
  };

  const context = (): CssUrlContext => {
    if (atRule?.name === 'import') return 'import';
    return stack.some((entry) => entry.fontFace) ? 'font' : 'image';
  };

  const blockImport = () => {
    if (atRule?.name === 'import') replace(atRule.start, atRule.end, '@tern-blocked-import');
  };

  /** A URL written as a string: in url()/src(), an image function, an @import, or anything remote-looking. */
  const handleString = (start: number, end: number, value: string) => {
    const top = stack[stack.length - 1];
    const inUrlFunction = top !== undefined && URL_FUNCTIONS.has(top.fn);
    const imageFunction = [...stack].reverse().find((entry) => IMAGE_FUNCTIONS.has(entry.fn));
    const inImport = atRule?.name === 'import';
    if (!inUrlFunction && !imageFunction && !inImport && !looksLikeRemoteUrl(value)) return;
    const decided = decide(value, context());
    if (decided === value) return;
    if (decided !== null) return replace(start, end, cssString(decided));
    replace(start, end, '""');
    if (inUrlFunction) replace(top.fnStart, top.fnEnd, BLOCKED_FUNCTION);
    else if (imageFunction) replace(imageFunction.fnStart, imageFunction.fnEnd, BLOCKED_FUNCTION);
    if (inImport) blockImport();
  };

  while (i < n) {
    const c = css[i] as string;

    if (c === '/' && css[i + 1] === '*') {
      // Emptied rather than removed, so tokens on either side stay apart; a comment may hold a URL.
      const close = css.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      if (end - i > 4) replace(i, end, '/**/');
      i = end;
      continue;
    }
    if (c === '"' || c === "'") {
      const string = consumeString(i);
      if (!string.bad) handleString(i, string.next, string.value);
      i = string.next;
      continue;
    }
    // HTML comment markers mean nothing to CSS; they go, because DOMPurify refuses a <style> containing them.
    if (css.startsWith('<!--', i)) {
      replace(i, i + 4, ' ');
      i += 4;
      continue;
    }
    if (css.startsWith('-->', i)) {
      replace(i, i + 3, ' ');
      i += 3;
      continue;
    }
    if (c === '@' && startsIdent(i + 1)) {
      const ident = consumeIdent(i + 1);
      atRule = { name: ident.value.toLowerCase(), start: i, end: ident.next, depth: stack.length };
      i = ident.next;
      continue;
    }
    if (startsIdent(i)) {
      const ident = consumeIdent(i);
      if (css[ident.next] !== '(') {
        i = ident.next;
        continue;
      }
      const name = ident.value.toLowerCase();
      if (name === 'url') {
        let j = ident.next + 1;
        while (isWhitespace(css[j])) j += 1;
        if (css[j] !== '"' && css[j] !== "'") {
          const url = consumeUrl(ident.next + 1);
          const decided = url.bad ? null : decide(url.value, context());
          if (decided === null) {
            replace(i, url.next, 'none');
            blockImport();
          } else if (decided !== url.value) replace(i, url.next, `url(${cssString(decided)})`);
          i = url.next;
          continue;
        }
      }
      stack.push({ close: ')', fn: name, fnStart: i, fnEnd: ident.next, fontFace: false });
      i = ident.next + 1;
      continue;
    }
    if (c === '(' || c === '[') {
      stack.push({ close: c === '(' ? ')' : ']', fn: '', fnStart: i, fnEnd: i, fontFace: false });
    } else if (c === '{') {
      stack.push({ close: '}', fn: '', fnStart: i, fnEnd: i, fontFace: atRule?.name === 'font-face' });
      atRule = null;
    } else if (c === ')' || c === ']' || c === '}') {
      // A closer that does not match is an ordinary token to CSS (e.g. a `}` inside a function).
      if (stack[stack.length - 1]?.close === c) stack.pop();
      if (c === '}' && atRule && stack.length < atRule.depth) atRule = null;
    } else if (c === ';' && atRule && stack.length === atRule.depth) {
      atRule = null;
    }
    i += 1;
  }

  if (replacements.length === 0) return css;
  replacements.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const replacement of replacements) {
    if (replacement.start < at) continue;
    out += css.slice(at, replacement.start) + replacement.text;
    at = replacement.end;
  }
  return out + css.slice(at);
}
