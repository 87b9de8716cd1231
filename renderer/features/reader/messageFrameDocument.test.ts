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
