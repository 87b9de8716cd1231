/**
 * Raw RFC 5322 source → what the reader shows. postal-mime does the MIME work (charsets, encoded words,
 * nesting); this keeps the result bounded and never throws on a broken message: it falls back to raw text.
 */
import PostalMime from 'postal-mime';
import type { AttachmentInfo, MessageBody } from '../../shared/contract/messages';

const MAX_TEXT_CHARS = 2_000_000;

function byteLength(content: ArrayBuffer | Uint8Array | string): number {
  return typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
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
    const truncated = text !== null && text.length > MAX_TEXT_CHARS;
    return {
      uid,
      text: truncated ? text.slice(0, MAX_TEXT_CHARS) : text,
      html: email.html ?? null,
      attachments,
      notice: truncated ? 'This message is very long; only the beginning is shown.' : null,
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
    };
  }
}
