/**
 * A message attached to another (message/rfc822, as forwarded mail usually is): its headers and its body,
 * parsed like any message, so the reader can show it nested instead of as an opaque .eml file.
 */
import PostalMime from 'postal-mime';
import type { AttachedMessage } from '../../shared/contract/messages';
import { TernError } from '../../shared/contract/errors';
import { attachmentBytes } from './extractAttachment';
import { flattenAddresses, parseMessage } from './parseMessage';

export async function attachedMessage(source: Uint8Array, index: number): Promise<AttachedMessage> {
  const { mimeType, filename, bytes } = await attachmentBytes(source, index);
  if (mimeType.toLowerCase() !== 'message/rfc822' && !filename.toLowerCase().endsWith('.eml')) {
    throw new TernError('INVALID_INPUT', 'This attachment is not a message.');
  }
  const body = await parseMessage(0, bytes);
  let headers: Awaited<ReturnType<typeof PostalMime.parse>> | null = null;
  try {
    headers = await PostalMime.parse(bytes, { maxNestingDepth: 100, attachmentEncoding: 'arraybuffer' });
  } catch {
    // The body above already carries a note on what could not be read.
  }
  const date = headers?.date ? new Date(headers.date).getTime() : NaN;
  return {
    subject: headers?.subject ?? '',
    from: flattenAddresses(headers?.from ? [headers.from] : undefined),
    to: flattenAddresses(headers?.to),
    cc: flattenAddresses(headers?.cc),
    date: Number.isFinite(date) ? date : null,
    body,
  };
}
