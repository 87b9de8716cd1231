/**
 * The document a message is shown in: the sanitized HTML inside a fixed shell whose first element is a
 * Content-Security-Policy. The sandboxed frame already runs no script; the policy is what stops remote loads
 * (and the sanitizer has already made them inert). Scripts are never allowed, whatever the user chose.
 */

export function messageFrameCsp(allowRemote: boolean): string {
  const remote = allowRemote ? ' https: http:' : '';
  return [
    "default-src 'none'",
    `img-src data:${remote}`,
    `style-src 'unsafe-inline'${remote}`,
    `font-src data:${remote}`,
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

// Email is written for a white page. Links cannot be followed inside the frame (see sanitizeMessageHtml):
// they are styled as links, and numbered to match the list of links under the message.
const FRAME_CSS = [
  'html { color-scheme: light; }',
  'body { margin: 0; padding: 16px 20px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; background: #fff; overflow-wrap: break-word; }',
  'img { max-width: 100%; }',
  'a[data-tern-href] { color: #1a5fd0; text-decoration: underline; cursor: help; }',
  'a[data-tern-link]::after { content: "\\2009[" attr(data-tern-link) "]"; font-size: 0.72em; vertical-align: super; color: #6b7385; text-decoration: none; display: inline-block; }',
  'img[data-tern-src] { outline: 1px dashed #c3c8d2; outline-offset: -1px; background: #f1f3f6; }',
].join('\n');

/**
 * "Dark message view": the page, as the sender styled it, is inverted as a whole and turned back round the
 * colour wheel (so a white page turns near-black, dark text light, and hues keep their meaning), while
 * pictures are inverted back so they look as sent. Done by the frame's own stylesheet only: the sanitized
 * HTML is never edited (security.md), and `style-src 'unsafe-inline'` already allows this <style>.
 */
const DARK_CSS = [
  'html { filter: invert(1) hue-rotate(180deg); background: #e4e4e4; }',
  'img, picture, video, svg, canvas, [background], [style*="url("], [data-tern-background] { filter: invert(1) hue-rotate(180deg); }',
  // #e4e4e4 inverts to a soft #1b1b1b rather than pure black (the frame's own background, see app.css).
  'body { background: #e4e4e4; color: #1d2330; }',
].join('\n');

export interface FrameOptions {
  /** Darken the message with DARK_CSS (the user's "Dark message view", in a dark theme). */
  dark?: boolean;
}

/** The complete srcdoc. `sanitizedBody` must come straight from sanitizeMessageHtml. */
export function messageFrameDocument(sanitizedBody: string, allowRemote: boolean, options: FrameOptions = {}): string {
  return (
    '<!doctype html><html><head>' +
    `<meta http-equiv="Content-Security-Policy" content="${messageFrameCsp(allowRemote)}">` +
    '<meta name="referrer" content="no-referrer">' +
    '<meta name="color-scheme" content="light">' +
    `<style>${FRAME_CSS}</style>` +
    (options.dark ? `<style>${DARK_CSS}</style>` : '') +
    `</head><body>${sanitizedBody}</body></html>`
  );
}
