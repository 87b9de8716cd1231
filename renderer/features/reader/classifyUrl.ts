/**
 * What a URL in a message would do if a browser met it in the message frame. The browser's own URL parser
 * decides (so `\\host`, tabs inside "http", or `//host` are read exactly as the frame would read them), and
 * anything relative counts as "other": in a srcdoc frame it would resolve against the app's own address.
 */
export type ClassifiedUrl =
  /** Absolute http(s); a protocol-relative URL is made https. */
  | { kind: 'remote'; href: string }
  /** `cid:` (RFC 2392): an inline part of the message, named without angle brackets or %-encoding. */
  | { kind: 'cid'; contentId: string }
  | { kind: 'data'; href: string }
  | { kind: 'mailto'; href: string }
  /** Relative, a fragment, another scheme, or not a URL at all. */
  | { kind: 'other' };

const BASE_A = 'https://a.tern.invalid/';
const BASE_B = 'https://b.tern.invalid/';

export function classifyUrl(value: string): ClassifiedUrl {
  let a: URL;
  let b: URL;
  try {
    a = new URL(value, BASE_A);
    b = new URL(value, BASE_B);
  } catch {
    return { kind: 'other' };
  }
  const fromBase = a.href !== b.href;
  if (fromBase && a.host === 'a.tern.invalid') return { kind: 'other' };
  switch (a.protocol) {
    case 'http:':
    case 'https:':
      return a.hostname === '' ? { kind: 'other' } : { kind: 'remote', href: a.href };
    case 'cid:': {
      let contentId = a.pathname;
      try {
        contentId = decodeURIComponent(contentId);
      } catch {
        // Not valid %-encoding: use it as written.
      }
      contentId = contentId.replace(/^<|>$/g, '');
      return contentId === '' ? { kind: 'other' } : { kind: 'cid', contentId };
    }
    case 'data:':
      return { kind: 'data', href: value.trim() };
    case 'mailto:':
      return { kind: 'mailto', href: a.href };
    default:
      return { kind: 'other' };
  }
}
