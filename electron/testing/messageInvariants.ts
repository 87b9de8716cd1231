/**
 * What must hold for any message, however hostile, once Tern has parsed it: something to show, every part of
 * the result within its bound, and an attachment either refused with a TernError or handed over under a name
 * that is safe to save. Returns the broken rules (empty when all hold), so a fuzzer can report them.
 */
import { TernError } from '../../shared/contract/errors';
import type { MessageBody } from '../../shared/contract/messages';
import { extractAttachment, MAX_ATTACHMENT_BYTES } from '../mime/extractAttachment';

export function brokenBodyRules(body: MessageBody): string[] {
  const broken: string[] = [];
  if (!body.text && !body.html && body.attachments.length === 0 && !body.notice) broken.push('nothing to show');
  if ((body.text?.length ?? 0) > 2_000_000) broken.push('text over 2M characters');
  if ((body.html?.length ?? 0) > 5_000_000) broken.push('html over 5M characters');
  if (body.attachments.length > 500) broken.push('more than 500 attachments listed');
  if ((body.inlineParts?.length ?? 0) > 40) broken.push('more than 40 inline images');
  for (const part of body.inlineParts ?? []) if (!/^data:image\/(png|jpeg|gif|webp);base64,/.test(part.dataUrl)) broken.push(`inline part of another type: ${part.dataUrl.slice(0, 30)}`);
  try {
    // It crosses the contract as JSON (browser mode) or a structured clone (Electron).
    JSON.stringify(body);
  } catch (error) {
    broken.push(`not serializable: ${(error as Error).message}`);
  }
  return broken;
}

/** Control, bidi and zero-width characters, and path separators: none may reach a saved file's name. */
// eslint-disable-next-line no-control-regex
const UNSAFE_NAME = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069/\\]/;

export async function brokenAttachmentRules(source: Uint8Array, index: number): Promise<string[]> {
  let attachment;
  try {
    attachment = await extractAttachment(source, index);
  } catch (error) {
    return error instanceof TernError ? [] : [`attachment ${index}: ${(error as Error).name} instead of a TernError: ${(error as Error).message}`];
  }
  const broken: string[] = [];
  if (attachment.filename === '' || UNSAFE_NAME.test(attachment.filename) || attachment.filename === '.' || attachment.filename === '..') broken.push(`attachment ${index}: unsafe name ${JSON.stringify(attachment.filename)}`);
  if ([...attachment.filename].length > 200) broken.push(`attachment ${index}: name over 200 characters`);
  if (attachment.size > MAX_ATTACHMENT_BYTES || Buffer.from(attachment.contentBase64, 'base64').length !== attachment.size) broken.push(`attachment ${index}: size ${attachment.size} does not match its content`);
  return broken;
}
