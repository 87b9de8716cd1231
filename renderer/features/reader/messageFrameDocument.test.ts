import { describe, expect, it } from 'vitest';
import { messageFrameCsp, messageFrameDocument } from './messageFrameDocument';

describe('messageFrameCsp', () => {
  it('loads nothing remote by default', () => {
    expect(messageFrameCsp(false)).toBe("default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; form-action 'none'; base-uri 'none'");
  });

  it('lets images, styles and fonts load once allowed, but never scripts', () => {
    const policy = messageFrameCsp(true);
    expect(policy).toBe("default-src 'none'; img-src data: https: http:; style-src 'unsafe-inline' https: http:; font-src data: https: http:; form-action 'none'; base-uri 'none'");
    expect(policy).not.toMatch(/script-src|connect-src|frame-src|'unsafe-eval'/);
  });
});

describe('messageFrameDocument', () => {
  it('puts the policy first, before anything that could load', () => {
    const doc = messageFrameDocument('<p>Hi</p>', false);
    expect(doc.startsWith(`<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${messageFrameCsp(false)}">`)).toBe(true);
    expect(doc).toContain('<meta name="referrer" content="no-referrer">');
    expect(doc.endsWith('<body><p>Hi</p></body></html>')).toBe(true);
  });
});

describe('messageFrameDocument, dark message view', () => {
  it('adds the darkening stylesheet after the policy, and leaves the sanitized body as it was', () => {
    const body = '<table style="background:#ffffff"><tr><td><img src="data:image/png;base64,AAAA">Hi</td></tr></table>';
    const light = messageFrameDocument(body, false);
    const dark = messageFrameDocument(body, false, { dark: true });
    expect(light).not.toContain('invert(');
    expect(dark.startsWith(`<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${messageFrameCsp(false)}">`)).toBe(true);
    expect(dark).toContain('<style>html { filter: invert(1) hue-rotate(180deg);');
    // Pictures are turned back, so they look as sent.
    expect(dark).toMatch(/img, picture, video, svg, canvas, \[background\], \[style\*="url\("\], \[data-tern-background\] \{ filter: invert\(1\) hue-rotate\(180deg\); \}/);
    expect(dark.endsWith(`<body>${body}</body></html>`)).toBe(true);
    // Nothing in it loads anything: no url(), no @import.
    const css = dark.slice(dark.indexOf('<style>'), dark.indexOf('</head>'));
    expect(css).not.toMatch(/url\(['"]?[a-z]|@import/i);
  });
});
