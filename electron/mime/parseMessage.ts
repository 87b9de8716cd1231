/**
 * Raw RFC 5322 source → what the reader shows. postal-mime does the MIME work (charsets, encoded words,
 * nesting); this keeps the result bounded and never throws on a broken message: it falls back to raw text.
 * The HTML is passed on unsanitized (the renderer sanitizes it, with a DOM), together with the images it
 * refers to by `cid:`, as data URLs checked by their bytes. Whatever the message, the reader gets something
 * to show: text, HTML, attachments, or a notice saying why not.
 */
import PostalMime, { type Address as PostalAddress, type Attachment } from 'postal-mime';
import type { Address, AttachmentInfo, InlinePart, MessageBody } from '../../shared/contract/messages';
import { MAX_MESSAGE_BYTES } from './messageLimits';
import { sniffImageType } from './sniffImageType';

const MAX_TEXT_CHARS = 2_000_000;
const MAX_HTML_CHARS = 5_000_000;
const MAX_INLINE_PARTS = 40;
const MAX_INLINE_PART_BYTES = 2 * 1024 * 1024;
const MAX_INLINE_TOTAL_BYTES = 6 * 1024 * 1024;
/** What is shown of a message too large to parse: parsing costs ~40 ms and several times the size per MB. */
const RAW_PREVIEW_CHARS = 64 * 1024;

function byteLength(content: ArrayBuffer | Uint8Array | string): number {
  return typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
}

function bytesOf(content: ArrayBuffer | Uint8Array | string): Uint8Array {
  if (typeof content === 'string') return Buffer.from(content, 'binary');
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

/** A Content-ID as a `cid:` URL names it: without the angle brackets. */
export function bareContentId(contentId: string): string {
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

export function flattenAddresses(addresses: PostalAddress[] | undefined): Address[] {
  return (addresses ?? []).flatMap((entry) => (entry.group ? entry.group : [entry])).map((mailbox) => ({ name: mailbox.name, address: mailbox.address }));
}

/** The message after its header block, as latin1 so every byte stays visible. */
function rawBody(source: Uint8Array, maxChars: number): string {
  const bytes = Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  const ends = [bytes.indexOf('\r\n\r\n'), bytes.indexOf('\n\n')].filter((at) => at >= 0);
  const start = ends.length > 0 ? Math.min(...ends) : 0;
  return bytes.subarray(start, start + maxChars + 4).toString('latin1').trimStart().slice(0, maxChars);
}

function rawFallback(uid: number, source: Uint8Array, notice: string, maxChars = MAX_TEXT_CHARS): MessageBody {
  return { uid, text: rawBody(source, maxChars), html: null, attachments: [], notice, inlineParts: [], replyTo: [] };
}

export async function parseMessage(uid: number, source: Uint8Array): Promise<MessageBody> {
  if (source.byteLength > MAX_MESSAGE_BYTES) {
    // Refused before parsing: the cost of parsing grows with the size, and the engine serves every account.
    const mb = Math.round(source.byteLength / 1048576);
    return rawFallback(uid, source, `This message is ${mb} MB, more than Tern opens (${MAX_MESSAGE_BYTES / 1048576} MB). Only its beginning is shown, as raw text.`, RAW_PREVIEW_CHARS);
  }
  let body: MessageBody;
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
    body = {
      uid,
      text: textTruncated ? text.slice(0, MAX_TEXT_CHARS) : text,
      html: htmlTruncated ? html.slice(0, MAX_HTML_CHARS) : html,
      attachments,
      notice: textTruncated || htmlTruncated ? 'This message is very long; only the beginning is shown.' : null,
      inlineParts: inlinePartsFor(html, email.attachments),
      replyTo: flattenAddresses(email.replyTo),
    };
  } catch (error) {
    return rawFallback(uid, source, `Tern could not fully decode this message (${(error as Error).message.slice(0, 120)}); it is shown as raw text.`);
  }
  if (body.text || body.html || body.attachments.length > 0) return body;
  // A structure with no readable part (an empty or broken multipart, an unknown type): show the raw body,
  // or say that there is none, rather than an empty pane.
  const raw = rawBody(source, MAX_TEXT_CHARS);
  return raw.trim() === ''
    ? { ...body, text: null, notice: 'This message has no text.' }
    : { ...body, text: raw, notice: 'Tern found no readable part in this message; it is shown as raw text.' };
}
