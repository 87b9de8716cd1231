/**
 * The reader's attachments, each with "Save" (and "Open" for images and plain text). Names are shown and
 * saved as safeFilename makes them (base name, no control or bidi characters). A file that would run — by
 * its bytes or its extension — is saved or opened only after the user confirms, told what it really is.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AttachmentInfo } from '../../../shared/contract/messages';
import { executableKind } from '../../../shared/domain/executableTypes';
import { formatSize } from '../../../shared/domain/formatSize';
import { safeFilename } from '../../../shared/domain/safeFilename';
import { TernError } from '../../../shared/contract/errors';
import { useSession } from '../../state/sessionContext';
import type { MessageRef } from '../../../shared/contract/api';
import { AttachedMessageView } from './AttachedMessageView';
import { AttachmentPreview, previewUrl, type PreviewState } from './AttachmentPreview';
import { base64ToBytes, declaredPreviewKind, downloadBytes, previewFor } from './downloadAttachment';

export interface AttachmentListProps {
  accountId: string;
  path: string;
  uid: number;
  attachments: AttachmentInfo[];
}

type Status = { index: number; message: string; error: boolean } | null;

export function AttachmentList({ accountId, path, uid, attachments }: AttachmentListProps) {
  const session = useSession();
  const [busy, setBusy] = useState<number | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [preview, setPreview] = useState<PreviewState | null>(null);
  // The open preview's blob: URL, revoked when it closes or the message changes.
  const shownUrl = useRef<string | null>(null);
  const showPreview = useCallback((next: PreviewState | null) => {
    if (shownUrl.current) URL.revokeObjectURL(shownUrl.current);
    shownUrl.current = next?.url ?? null;
    setPreview(next);
  }, []);
  const closePreview = useCallback(() => showPreview(null), [showPreview]);
  useEffect(
    () => () => {
      if (shownUrl.current) URL.revokeObjectURL(shownUrl.current);
      shownUrl.current = null;
    },
    [],
  );

  // A forwarded message opens nested, parsed by main like any message.
  const [nested, setNested] = useState<{ source: MessageRef; index: number } | null>(null);
  const closeNested = useCallback(() => setNested(null), []);
  async function openMessage(index: number) {
    const cursor = await session.db.cursors.get([accountId, path]);
    if (!cursor) return setStatus({ index, message: 'This folder is still syncing; try again in a moment.', error: true });
    setNested({ source: { accountId, path, uid, uidValidity: cursor.uidValidity }, index });
  }

  async function fetchBytes(index: number) {
    const cursor = await session.db.cursors.get([accountId, path]);
    if (!cursor) throw new TernError('NOT_FOUND', 'This folder is still syncing; try again in a moment.');
    const content = await session.client.api.fetchAttachment({ accountId, path, uid, uidValidity: cursor.uidValidity, index });
    return { ...content, filename: safeFilename(content.filename), bytes: base64ToBytes(content.contentBase64) };
  }

  function confirmed(filename: string, bytes: Uint8Array, verb: 'save' | 'open'): boolean {
    const kind = executableKind(filename, bytes);
    if (!kind) return true;
    return window.confirm(
      `“${filename}” is ${kind.description}. Programs and scripts sent by email can take over your computer. ` +
        `Only ${verb} it if you expected it from this sender. ${verb === 'save' ? 'Save' : 'Open'} it anyway?`,
    );
  }

  async function run(index: number, action: 'save' | 'open') {
    setBusy(index);
    setStatus(null);
    try {
      const file = await fetchBytes(index);
      if (!confirmed(file.filename, file.bytes, action)) {
        setStatus({ index, message: action === 'save' ? 'Not saved.' : 'Not opened.', error: false });
        return;
      }
      if (action === 'save') {
        downloadBytes(file.bytes, file.filename);
        return;
      }
      const shown = previewFor(file.mimeType, file.bytes);
      if (!shown) {
        setStatus({ index, message: `This file is not the ${file.mimeType} it claims to be, so Tern will not show it. Save it to look at it.`, error: true });
        return;
      }
      showPreview({ filename: file.filename, preview: shown, url: previewUrl(file.bytes, shown) });
    } catch (error) {
      setStatus({ index, message: (error as Error).message, error: true });
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <ul className="attachments" aria-label="Attachments">
        {attachments.map((attachment, index) => {
          const name = attachment.filename ? safeFilename(attachment.filename) : '(unnamed)';
          const isMessage = attachment.mimeType.toLowerCase() === 'message/rfc822';
          const openable = isMessage || (declaredPreviewKind(attachment.mimeType) !== null && !executableKind(name));
          return (
            <li key={index} className="attachment-item">
              <span className="attachment-name">{name}</span> <span className="muted">{attachment.mimeType}, {formatSize(attachment.size)}</span>
              <span className="attachment-actions">
                {openable && (
                  <button type="button" aria-label={`Open ${name}`} disabled={busy !== null} onClick={() => (isMessage ? void openMessage(index) : void run(index, 'open'))}>Open</button>
                )}
                <button type="button" aria-label={`Save ${name}`} disabled={busy !== null} onClick={() => void run(index, 'save')}>Save</button>
              </span>
              {busy === index && <span className="muted attachment-status"> Fetching…</span>}
              {status?.index === index && (
                <span className={status.error ? 'error attachment-status' : 'muted attachment-status'} role={status.error ? 'alert' : 'status'}>{status.message}</span>
              )}
            </li>
          );
        })}
      </ul>
      {preview && <AttachmentPreview state={preview} onClose={closePreview} />}
      {nested && <AttachedMessageView source={nested.source} index={nested.index} onClose={closeNested} />}
    </>
  );
}
