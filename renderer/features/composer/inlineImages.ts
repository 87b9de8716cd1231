/**
 * Images in the text of a rich-text message. In the editor an image is a `data:` URL, so it shows at once,
 * offline, with nothing loaded from anywhere; in the message it is a part of its own beside the HTML
 * (multipart/related), which the HTML names by `cid:`, as every mail client expects. These two functions turn
 * one form into the other: on the way out (send, save to Drafts) and on the way back in (a draft reopened
 * from the server, a message taken back out of the outbox).
 */
import type { OutgoingAttachment } from '../../../shared/contract/compose';
import { INLINE_IMAGE_SRC } from '../reader/sanitizeMessageHtml';

/** What a message may show inline: the types every mail client draws, and no SVG (it can carry markup). */
export const INLINE_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

const IMG_TAG = /<img\b[^>]*>/g;
const DATA_SRC = /\bsrc="data:(image\/(?:png|jpeg|gif|webp));base64,([A-Za-z0-9+/]+={0,2})"/;
const ALT = /\balt="([^"]*)"/;

const extension = (mimeType: string) => (mimeType === 'image/jpeg' ? 'jpg' : mimeType.slice('image/'.length));

/** The part's file name: the image's alt text (the name of the file it came from) when it makes one. */
function partName(alt: string | undefined, index: number, mimeType: string): string {
  const decoded = (alt ?? '').replace(/&(amp|lt|gt|quot|#39);/g, (_all, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] ?? '');
  const base = decoded.replace(/[\\/:*?"<>|]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80);
  return `${base || `image${index}`}.${extension(mimeType)}`;
}

/**
 * The message's form: each `data:` image of the (sanitized) HTML becomes a `cid:` reference and a part of
 * its own. Content ids are derived from the draft and the image's place, so saving the same draft twice
 * names them the same; the same image twice is one part.
 */
export function imagesToParts(html: string, draftId: string): { html: string; parts: OutgoingAttachment[] } {
  const parts: OutgoingAttachment[] = [];
  const byContent = new Map<string, string>();
  const out = html.replace(IMG_TAG, (tag) => {
    const source = DATA_SRC.exec(tag);
    if (!source) return tag;
    const [src, mimeType = '', base64 = ''] = source;
    const key = `${mimeType};${base64}`;
    let contentId = byContent.get(key);
    if (!contentId) {
      const index = parts.length + 1;
      contentId = `image${index}.${draftId}@tern.invalid`;
      byContent.set(key, contentId);
      parts.push({ filename: partName(ALT.exec(tag)?.[1], index, mimeType), mimeType, contentBase64: base64, contentId });
    }
    return tag.replace(src, `src="cid:${contentId}"`);
  });
  return { html: out, parts };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The editor's form: each `cid:` the HTML names that one of the attachments answers becomes that image's
 * `data:` URL, and the part leaves the list of attachments. Other attachments, and parts of types the
 * composer cannot show, stay attachments.
 */
export function partsToImages(html: string, attachments: readonly OutgoingAttachment[]): { html: string; attachments: OutgoingAttachment[] } {
  let out = html;
  const kept: OutgoingAttachment[] = [];
  for (const attachment of attachments) {
    const { contentId, ...plain } = attachment;
    const dataUrl = `data:${attachment.mimeType};base64,${attachment.contentBase64.replace(/\s+/g, '')}`;
    const reference = contentId ? new RegExp(`cid:${escapeRegExp(contentId)}(?=["'\\s>)])`, 'gi') : null;
    if (!reference || !INLINE_IMAGE_SRC.test(dataUrl) || !reference.test(out)) {
      kept.push(plain);
      continue;
    }
    out = out.replace(reference, () => dataUrl);
  }
  return { html: out, attachments: kept };
}

/** The largest image the editor takes in: the whole message carries at most 10 MB of attachments and images. */
export const MAX_INLINE_IMAGE_BYTES = 5 * 1024 * 1024;

/** The picked or pasted files that can stand in the text; the rest are for the attachment list. */
export function inlineImageFiles(files: Iterable<File>): File[] {
  return [...files].filter((file) => (INLINE_IMAGE_TYPES as readonly string[]).includes(file.type));
}

/** An image file as the editor holds it, or why it cannot go into the text. */
export function readImageAsDataUrl(file: File): Promise<string> {
  if (file.size > MAX_INLINE_IMAGE_BYTES) {
    return Promise.reject(new Error(`“${file.name}” is ${(file.size / 1048576).toFixed(1)} MB; an image in the text can be at most ${MAX_INLINE_IMAGE_BYTES / 1048576} MB. Attach it instead, or make it smaller.`));
  }
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(new Error(`“${file.name}” could not be read.`));
    reader.onload = () => {
      const url = String(reader.result);
      if (INLINE_IMAGE_SRC.test(url)) resolve(url);
      else reject(new Error(`“${file.name}” cannot be shown in the text: only PNG, JPEG, GIF and WebP images can.`));
    };
    reader.readAsDataURL(file);
  });
}
