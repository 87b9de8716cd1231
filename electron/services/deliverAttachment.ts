/**
 * prepareAttachmentDownload's decisions, apart from the service class: which host delivers how, when the
 * user must be asked first, and who deletes the decoded file. Arguments are checked here: they crossed a
 * boundary.
 */
import type { MessageRef } from '../../shared/contract/api';
import type { AttachmentDelivery, AttachmentDeliveryRequest } from '../../shared/contract/attachments';
import { TernError } from '../../shared/contract/errors';
import { executableKind } from '../../shared/domain/executableTypes';
import type { WrittenAttachment } from '../mime/writeAttachment';
import type { AttachmentExports } from './attachmentExports';
import type { DesktopShell } from './desktopShell';
import type { DownloadOffers } from './downloadOffers';

/** The `index` that stands for the whole message (prepareMessageDownload), not one of its attachments. */
export const WHOLE_MESSAGE = -1;

export interface DeliveryHost {
  exports: AttachmentExports;
  desktop?: DesktopShell | undefined;
  downloads?: DownloadOffers | undefined;
}

/** The request's own fields (the message reference is checked by the service's withSource). */
export function deliveryRequestOf(args: unknown): { index: number; action: 'save' | 'open'; allowProgram: boolean } {
  if (typeof args !== 'object' || args === null) throw new TernError('INVALID_INPUT', 'Missing arguments.');
  const raw = args as Record<string, unknown>;
  const index = raw.index;
  if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0) throw new TernError('INVALID_INPUT', 'index is invalid.');
  if (raw.action !== 'save' && raw.action !== 'open') throw new TernError('INVALID_INPUT', 'action is invalid.');
  return { index, action: raw.action, allowProgram: raw.allowProgram === true };
}

export async function deliverAttachment(
  host: DeliveryHost,
  ref: MessageRef,
  request: Pick<AttachmentDeliveryRequest, 'index' | 'action' | 'allowProgram'>,
  write: (target: string) => Promise<WrittenAttachment>,
): Promise<AttachmentDelivery> {
  const { desktop, downloads } = host;
  // Refused before anything is decoded.
  if (request.action === 'open' && !desktop?.openFile) throw new TernError('INVALID_INPUT', 'Only the desktop app opens files with other programs; save it instead.');
  if (request.action === 'save' && !desktop?.saveFile && !downloads) throw new TernError('INVALID_INPUT', 'This copy of Tern cannot save files.');

  const key = [ref.accountId, ref.path, ref.uidValidity, String(ref.uid), String(request.index)].join('\u0000');
  const prepared = await host.exports.take(key, write);
  let owned = true;
  try {
    const program = executableKind(prepared.filename, prepared.head);
    if (program && request.allowProgram !== true) {
      host.exports.hold(key, prepared);
      owned = false;
      return { kind: 'confirm', filename: prepared.filename, description: program.description };
    }
    if (request.action === 'open' && desktop?.openFile) {
      await desktop.openFile(prepared.file, prepared.filename);
      return { kind: 'opened', filename: prepared.filename };
    }
    if (desktop?.saveFile) {
      const saved = await desktop.saveFile(prepared.file, prepared.filename);
      return saved === null ? { kind: 'cancelled' } : { kind: 'saved', filename: prepared.filename, size: prepared.size };
    }
    if (!downloads) throw new TernError('INVALID_INPUT', 'This copy of Tern cannot save files.');
    const url = await downloads.offer({ file: prepared.file, filename: prepared.filename, size: prepared.size });
    owned = false;
    return { kind: 'download', url, filename: prepared.filename, size: prepared.size };
  } finally {
    if (owned) await host.exports.discard(prepared.file);
  }
}
