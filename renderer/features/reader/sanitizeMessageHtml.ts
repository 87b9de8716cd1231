/**
 * Untrusted message HTML → HTML for the sandboxed message frame, in one DOMPurify pass configured as the
 * handbook's security.md says (FORCE_BODY; no base/meta/link/forms/frames/objects/media/math/template/
 * noscript; no srcset/ping/action/formaction; only http/https/mailto/cid URLs).
 *
 * DOMPurify guards against script; privacy is the hooks' job, and everything happens inside the one pass —
 * the output is never edited afterwards. With remote content blocked, remote `src`/`background`/`poster`
 * move into inert `data-tern-*` attributes and remote references in CSS are neutralized, all counted. When
 * the user allows remote content the message is sanitized again with `allowRemote` (tracking pixels stay
 * blocked either way). `cid:` references become the inline images' data URLs. Links lose their `href`
 * (nothing in the frame can be followed): each is numbered, shows its real target on hover, and is listed
 * for the reader to open from outside the frame.
 *
 * DOMPurify needs a real DOM: this is tested in Chromium (e2e/reader.spec.ts), not under happy-dom, whose
 * DOM makes DOMPurify silently keep scripts.
 */
import DOMPurify, { type Config } from 'dompurify';
import type { InlinePart } from '../../../shared/contract/messages';
import { classifyUrl } from './classifyUrl';
import { looksLikeTrackingPixel } from './looksLikeTrackingPixel';
import { rewriteCssUrls, type CssUrlContext } from './rewriteCssUrls';

export interface SanitizeOptions {
  allowRemote: boolean;
  inlineParts: readonly InlinePart[];
}

export interface MessageLink {
  /** The number shown next to the link in the message. */
  number: number;
  /** The normalized target (what the browser would open). */
  href: string;
  /** The target as the message wrote it (first occurrence): look-alike letters are still visible in it. */
  writtenHref: string;
  /** The visible texts this target appears under (image links: the image's alt text). */
  texts: string[];
}

export interface RemoteContentCounts {
  /** Remote images (img, background and poster attributes, CSS images). */
  images: number;
  /** Remote stylesheets (`@import`) and fonts. */
  other: number;
  /** Tracking pixels; blocked even when remote content is allowed. */
  trackers: number;
}

export interface SanitizedMessage {
  html: string;
  /** What was kept from loading: with `allowRemote`, only trackers. */
  blocked: RemoteContentCounts;
  links: MessageLink[];
  /** `cid:` references with no inline image to show. */
  missingInlineImages: number;
}

const FORBID_TAGS = ['base', 'meta', 'link', 'form', 'input', 'button', 'select', 'textarea', 'iframe', 'frame', 'object', 'embed', 'audio', 'video', 'source', 'math', 'template', 'noscript'];
const FORBID_ATTR = ['srcset', 'ping', 'action', 'formaction'];
// DOMPurify tests every non-URI-safe attribute against this, so it must also accept ordinary values
// (`width="10"`) and relative URLs; what it refuses is any scheme but http, https, mailto and cid.
const ALLOWED_URI_REGEXP = /^(?:(?:https?|mailto|cid):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;
/** Attributes that load a resource, handled in afterSanitizeAttributes. */
const RESOURCE_ATTRIBUTES = ['src', 'background', 'poster'] as const;
/** URL-valued attributes that load nothing but could still carry a tracking URL: dropped. */
const DROPPED_ATTRIBUTES = new Set(['xmlns', 'cite', 'longdesc', 'lowsrc', 'dynsrc', 'codebase', 'archive', 'classid', 'manifest', 'profile', 'icon']);

const ELEMENT_NODE = 1;

export function sanitizeMessageHtml(html: string, options: SanitizeOptions): SanitizedMessage {
  const { allowRemote } = options;
  const inline = new Map<string, string>();
  for (const part of options.inlineParts) {
    inline.set(part.contentId, part.dataUrl);
    if (!inline.has(part.contentId.toLowerCase())) inline.set(part.contentId.toLowerCase(), part.dataUrl);
  }
  const inlineDataUrl = (contentId: string) => inline.get(contentId) ?? inline.get(contentId.toLowerCase()) ?? null;

  const blocked: RemoteContentCounts = { images: 0, other: 0, trackers: 0 };
  let missingInlineImages = 0;
  const linkNumbers = new Map<string, { number: number; written: string }>();
  const linkElements: Array<{ element: Element; href: string }> = [];

  const decideCss = (url: string, context: CssUrlContext): string | null => {
    const target = classifyUrl(url);
    switch (target.kind) {
      case 'cid': {
        const dataUrl = context === 'image' ? inlineDataUrl(target.contentId) : null;
        if (dataUrl === null) missingInlineImages += 1;
        return dataUrl;
      }
      case 'data':
        return context === 'import' ? null : target.href;
      case 'remote':
        if (allowRemote) return target.href;
        if (context === 'image') blocked.images += 1;
        else blocked.other += 1;
        return null;
      default:
        return null;
    }
  };

  // A fresh instance per call: its hooks (and the counters above) belong to this message only.
  const purifier = DOMPurify(window);
  // Where DOMPurify cannot work it returns its input untouched: show nothing rather than that.
  if (!purifier.isSupported) return { html: '<p>Tern cannot display this message safely here.</p>', blocked, links: [], missingInlineImages };

  // Nodes outside the document (the content of a <template>, which is dropped) are neither rewritten nor
  // counted; DOMPurify still walks them.
  purifier.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && node.isConnected && node.textContent) node.textContent = rewriteCssUrls(node.textContent, decideCss);
  });

  purifier.addHook('uponSanitizeAttribute', (_node, data) => {
    const name = data.attrName;
    if (name.startsWith('data-tern-') || DROPPED_ATTRIBUTES.has(name) || name.startsWith('xmlns:')) {
      // The message may not forge the markers this file writes.
      data.keepAttr = false;
    } else if (name === 'style') {
      data.attrValue = rewriteCssUrls(data.attrValue, decideCss);
    }
  });

  purifier.addHook('afterSanitizeAttributes', (element) => {
    if (element.nodeType !== ELEMENT_NODE || !element.isConnected) return;
    const tag = element.nodeName.toLowerCase();

    for (const name of RESOURCE_ATTRIBUTES) {
      const value = element.getAttribute(name);
      if (value === null) continue;
      if (tag === 'body') {
        // The message's <body> merges into the frame's own, whose attributes are not part of the output.
        element.removeAttribute(name);
        continue;
      }
      const target = classifyUrl(value);
      if (target.kind === 'cid') {
        const dataUrl = inlineDataUrl(target.contentId);
        if (dataUrl) element.setAttribute(name, dataUrl);
        else {
          element.removeAttribute(name);
          missingInlineImages += 1;
        }
      } else if (target.kind === 'data' && tag === 'img' && name === 'src') {
        // Kept: DOMPurify allows data: only where it is an image.
      } else if (target.kind === 'remote') {
        element.removeAttribute(name);
        const tracker =
          tag === 'img' &&
          looksLikeTrackingPixel({ width: element.getAttribute('width'), height: element.getAttribute('height'), style: element.getAttribute('style'), hidden: element.hasAttribute('hidden') });
        if (tracker) {
          blocked.trackers += 1;
          element.setAttribute('data-tern-tracker', '');
        } else if (allowRemote) {
          element.setAttribute(name, target.href);
        } else {
          blocked.images += 1;
          element.setAttribute(`data-tern-${name}`, target.href);
        }
      } else {
        // Relative URLs would resolve against the app's own address; other schemes have no business here.
        element.removeAttribute(name);
      }
    }

    if (element.hasAttribute('href')) {
      const written = element.getAttribute('href') ?? '';
      const target = classifyUrl(written);
      element.removeAttribute('href');
      element.removeAttribute('target');
      element.removeAttribute('download');
      if ((tag === 'a' || tag === 'area') && (target.kind === 'remote' || target.kind === 'mailto')) {
        let entry = linkNumbers.get(target.href);
        if (entry === undefined) {
          entry = { number: linkNumbers.size + 1, written: written.trim() };
          linkNumbers.set(target.href, entry);
        }
        const { number } = entry;
        element.setAttribute('data-tern-href', target.href);
        element.setAttribute('data-tern-link', String(number));
        // The real target on hover, whatever title the message gave the link.
        element.setAttribute('title', `[${number}] ${target.href}`);
        linkElements.push({ element, href: target.href });
      }
    }
  });

  const config: Config = {
    FORCE_BODY: true,
    USE_PROFILES: { html: true },
    FORBID_TAGS,
    FORBID_ATTR,
    ALLOWED_URI_REGEXP,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    KEEP_CONTENT: true,
    RETURN_TRUSTED_TYPE: false,
  };
  const clean = purifier.sanitize(html, config);

  // Reading the sanitized tree for the link list (the output string is already final).
  const texts = new Map<string, string[]>();
  for (const { element, href } of linkElements) {
    if (!element.isConnected) continue;
    const images = [...element.querySelectorAll('img[alt]')].map((image) => image.getAttribute('alt') ?? '');
    const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim() || images.join(' ').trim();
    const list = texts.get(href) ?? [];
    if (text && !list.includes(text) && list.length < 5) list.push(text);
    texts.set(href, list);
  }
  const links = [...linkNumbers].map(([href, { number, written }]) => ({ number, href, writtenHref: written, texts: texts.get(href) ?? [] }));

  return { html: clean, blocked, links, missingInlineImages };
}

/** What the composer's editor can hold, and so all a message Tern writes may contain. */
const COMPOSE_TAGS = ['p', 'br', 'div', 'span', 'strong', 'b', 'em', 'i', 'u', 's', 'ul', 'ol', 'li', 'a', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'pre', 'code', 'img'];
/**
 * The only image source the composer keeps: a base64 `data:` URL of an image type every mail client draws (no
 * SVG, which can carry markup). It loads nothing; it leaves as a part of its own (composer/inlineImages.ts).
 */
export const INLINE_IMAGE_SRC = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/;
/** Quotes look quoted in every client, as Gmail and Thunderbird mark them. */
const QUOTE_STYLE = 'margin:0 0 0 0.8ex;border-left:1px solid #ccc;padding-left:1ex';

/**
 * HTML for the composer and for what it sends: an original quoted in a reply or forward (untrusted), a draft
 * read back, and the editor's own output before it leaves. One DOMPurify pass with the reader's forbidden
 * tags and attributes, reduced further to the editor's elements: no styles or frames, and images only as
 * `data:` URLs (INLINE_IMAGE_SRC), so nothing in the composer loads anything: a remote or `cid:` image of a
 * quoted original is left out; links keep `href` only for http, https and mailto. Quotes get their usual
 * left border in the same pass. Needs a real DOM, like sanitizeMessageHtml (tested in Chromium).
 */
export function sanitizeComposeHtml(html: string): string {
  const purifier = DOMPurify(window);
  if (!purifier.isSupported) return '';
  purifier.addHook('afterSanitizeAttributes', (element) => {
    if (element.nodeType !== ELEMENT_NODE) return;
    const href = element.getAttribute('href');
    if (href !== null) {
      const target = classifyUrl(href);
      if (element.nodeName.toLowerCase() === 'a' && (target.kind === 'remote' || target.kind === 'mailto')) element.setAttribute('href', target.href);
      else element.removeAttribute('href');
    }
    if (element.nodeName.toLowerCase() === 'blockquote') element.setAttribute('style', QUOTE_STYLE);
    // The iterator DOMPurify walks with survives the removal of the node it stands on.
    if (element.nodeName.toLowerCase() === 'img' && !INLINE_IMAGE_SRC.test(element.getAttribute('src') ?? '')) element.remove();
  });
  return purifier.sanitize(html, {
    FORCE_BODY: true,
    ALLOWED_TAGS: COMPOSE_TAGS,
    ALLOWED_ATTR: ['href', 'start', 'src', 'alt'],
    FORBID_TAGS,
    FORBID_ATTR,
    ALLOWED_URI_REGEXP,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    KEEP_CONTENT: true,
    RETURN_TRUSTED_TYPE: false,
  });
}
