/**
 * The reader's attachments, each with "Save" (and "Open": in the app for images, text and PDFs up to
 * MAX_PREVIEW_BYTES; with the system's app in the desktop app). Saving never brings the bytes into this page:
 * the host writes the file (desktop save dialog) or the browser downloads it from a one-time URL. Names are
 * shown and saved as safeFilename makes them (base name, no control or bidi characters). A file that would
 * run — by its bytes or its extension — is saved or opened only after the user confirms, told what it is.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { MAX_PREVIEW_BYTES } from '../../../shared/contract/attachments';
import type { AttachmentInfo } from '../../../shared/contract/messages';
import { executableKind } from '../../../shared/domain/executableTypes';
import { formatSize } from '../../../shared/domain/formatSize';
import { safeFilename } from '../../../shared/domain/safeFilename';
import { TernError } from '../../../shared/contract/errors';
import { useSession } from '../../state/sessionContext';
import type { MessageRef } from '../../../shared/contract/api';
import { AttachedMessageView } from './AttachedMessageView';
import { AttachmentPreview, previewUrl, type PreviewState } from './AttachmentPreview';
import { base64ToBytes, declaredPreviewKind, previewFor } from './downloadAttachment';
import { downloadFromHost } from './downloadFromHost';

export interface AttachmentListProps {
  accountId: string;
  path: string;
  uid: number;
  attachments: AttachmentInfo[];
}

type Status = { index: number; message: string; error: boolean } | null;

export function AttachmentList({ accountId, path, uid, attachments }: AttachmentListProps) {
  const session = useSession();
  const desktop = session.hostInfo?.host === 'electron';
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

  async function messageRef(): Promise<MessageRef> {
    const cursor = await session.db.cursors.get([accountId, path]);
    if (!cursor) throw new TernError('NOT_FOUND', 'This folder is still syncing; try again in a moment.');
    return { accountId, path, uid, uidValidity: cursor.uidValidity };
  }

  function programConfirmed(filename: string, description: string, verb: 'save' | 'open'): boolean {
    return window.confirm(
      `“${filename}” is ${description}. Programs and scripts sent by email can take over your computer. ` +
        `Only ${verb} it if you expected it from this sender. ${verb === 'save' ? 'Save' : 'Open'} it anyway?`,
    );
  }

  /** Save (either host) or open with the system's app (desktop): the host delivers the file, not this page. */
  async function deliver(index: number, action: 'save' | 'open') {
    const ref = await messageRef();
    let answer = await session.client.api.prepareAttachmentDownload({ ...ref, index, action });
    if (answer.kind === 'confirm') {
      if (!programConfirmed(answer.filename, answer.description, action)) {
        setStatus({ index, message: action === 'save' ? 'Not saved.' : 'Not opened.', error: false });
        return;
      }
      answer = await session.client.api.prepareAttachmentDownload({ ...ref, index, action, allowProgram: true });
    }
    switch (answer.kind) {
      case 'download':
        downloadFromHost(answer.url, answer.filename);
        return;
      case 'saved':
        setStatus({ index, message: `Saved “${answer.filename}”.`, error: false });
        return;
      case 'opened':
      case 'cancelled':
        return;
      case 'confirm':
        setStatus({ index, message: 'Not saved.', error: false });
        return;
    }
  }

  /** Images, text and PDFs up to MAX_PREVIEW_BYTES are shown in the app, from bytes checked to be what they claim. */
  async function showInApp(index: number) {
    const content = await session.client.api.fetchAttachment({ ...(await messageRef()), index });
    const filename = safeFilename(content.filename);
    const bytes = base64ToBytes(content.contentBase64);
    const program = executableKind(filename, bytes);
    if (program && !programConfirmed(filename, program.description, 'open')) {
      setStatus({ index, message: 'Not opened.', error: false });
      return;
    }
    const shown = previewFor(content.mimeType, bytes);
    if (!shown) {
      setStatus({ index, message: `This file is not the ${content.mimeType} it claims to be, so Tern will not show it. Save it to look at it.`, error: true });
      return;
    }
    showPreview({ filename, preview: shown, url: previewUrl(bytes, shown) });
  }

  async function run(index: number, action: 'save' | 'open' | 'preview') {
    setBusy(index);
    setStatus(null);
    try {
      if (action === 'preview') await showInApp(index);
      else await deliver(index, action);
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
          const previewable = declaredPreviewKind(attachment.mimeType) !== null && !executableKind(name) && attachment.size <= MAX_PREVIEW_BYTES;
          // The desktop app can also hand any file to the system's app for its type (after the program warning).
          const openable = isMessage || previewable || desktop;
          return (
            <li key={index} className="attachment-item">
              <span className="attachment-name">{name}</span> <span className="muted">{attachment.mimeType}, {formatSize(attachment.size)}</span>
              <span className="attachment-actions">
                {openable && (
                  <button type="button" aria-label={`Open ${name}`} disabled={busy !== null} onClick={() => (isMessage ? void openMessage(index) : void run(index, previewable ? 'preview' : 'open'))}>Open</button>
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
