/**
 * Raw RFC 5322 source → what the reader shows. postal-mime does the MIME work (charsets, encoded words,
 * nesting); this keeps the result bounded and never throws on a broken message: it falls back to raw text.
 * The HTML is passed on unsanitized (the renderer sanitizes it, with a DOM), together with the images it
 * refers to by `cid:`, as data URLs checked by their bytes.
 */
import PostalMime, { type Address as PostalAddress, type Attachment } from 'postal-mime';
import type { Address, AttachmentInfo, InlinePart, MessageBody } from '../../shared/contract/messages';

const MAX_TEXT_CHARS = 2_000_000;
const MAX_HTML_CHARS = 5_000_000;
const MAX_INLINE_PARTS = 40;
const MAX_INLINE_PART_BYTES = 2 * 1024 * 1024;
const MAX_INLINE_TOTAL_BYTES = 6 * 1024 * 1024;

function byteLength(content: ArrayBuffer | Uint8Array | string): number {
  return typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
}

function bytesOf(content: ArrayBuffer | Uint8Array | string): Uint8Array {
  if (typeof content === 'string') return Buffer.from(content, 'binary');
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

/** The image type the bytes really are; null for anything else (SVG included: it can carry markup). */
export function sniffImageType(bytes: Uint8Array): InlinePart['mimeType'] | null {
  const starts = (...signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp';
  return null;
}

function bareContentId(contentId: string): string {
  return contentId.trim().replace(/^<|>$/g, '').trim();
}

/** The content ids the HTML names in `cid:` URLs, lower-cased (RFC 2392 URLs are %-encoded). */
function referencedContentIds(html: string): Set<string> {
  const ids = new Set<string>();
  for (const match of html.matchAll(/cid:([^\s"'<>()\\]+)/gi)) {
    const raw = match[1] ?? '';
    let decoded = raw;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      // Not valid %-encoding: keep it as written.
    }
    ids.add(decoded.toLowerCase());
    ids.add(raw.toLowerCase());
  }
  return ids;
}

function inlinePartsFor(html: string | null, attachments: Attachment[]): InlinePart[] {
  if (!html || !/cid:/i.test(html)) return [];
  const referenced = referencedContentIds(html);
  const parts: InlinePart[] = [];
  let total = 0;
  for (const attachment of attachments) {
    if (parts.length >= MAX_INLINE_PARTS) break;
    if (!attachment.contentId || !attachment.mimeType.startsWith('image/')) continue;
    const contentId = bareContentId(attachment.contentId);
    if (!contentId || !referenced.has(contentId.toLowerCase())) continue;
    const bytes = bytesOf(attachment.content);
    if (bytes.byteLength > MAX_INLINE_PART_BYTES || total + bytes.byteLength > MAX_INLINE_TOTAL_BYTES) continue;
    const mimeType = sniffImageType(bytes);
    if (!mimeType) continue;
    total += bytes.byteLength;
    parts.push({ contentId, mimeType, dataUrl: `data:${mimeType};base64,${Buffer.from(bytes).toString('base64')}` });
  }
  return parts;
}

function flattenAddresses(addresses: PostalAddress[] | undefined): Address[] {
  return (addresses ?? []).flatMap((entry) => (entry.group ? entry.group : [entry])).map((mailbox) => ({ name: mailbox.name, address: mailbox.address }));
}

export async function parseMessage(uid: number, source: Uint8Array): Promise<MessageBody> {
  try {
    const email = await PostalMime.parse(source, { maxNestingDepth: 100, attachmentEncoding: 'arraybuffer' });
    const attachments: AttachmentInfo[] = email.attachments.slice(0, 500).map((attachment) => ({
      filename: attachment.filename ?? '',
      mimeType: attachment.mimeType,
      size: byteLength(attachment.content),
      contentId: attachment.contentId ?? null,
      inline: attachment.disposition === 'inline',
    }));
    const text = email.text ?? null;
    const textTruncated = text !== null && text.length > MAX_TEXT_CHARS;
    const html = email.html ?? null;
    const htmlTruncated = html !== null && html.length > MAX_HTML_CHARS;
    return {
      uid,
      text: textTruncated ? text.slice(0, MAX_TEXT_CHARS) : text,
      html: htmlTruncated ? html.slice(0, MAX_HTML_CHARS) : html,
      attachments,
      notice: textTruncated || htmlTruncated ? 'This message is very long; only the beginning is shown.' : null,
      inlineParts: inlinePartsFor(html, email.attachments),
      replyTo: flattenAddresses(email.replyTo),
    };
  } catch (error) {
    const raw = Buffer.from(source).toString('latin1');
    const bodyStart = raw.search(/\r?\n\r?\n/);
    return {
      uid,
      text: (bodyStart >= 0 ? raw.slice(bodyStart).trimStart() : raw).slice(0, MAX_TEXT_CHARS),
      html: null,
      attachments: [],
      notice: `Tern could not fully decode this message (${(error as Error).message.slice(0, 120)}); it is shown as raw text.`,
      inlineParts: [],
      replyTo: [],
    };
  }
}
