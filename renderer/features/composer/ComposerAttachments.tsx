/**
 * The composer's attachments: the picker, the list with sizes, files dropped anywhere on the composer, and a
 * warning when the message would be larger than the account's SMTP server accepts (its SIZE, which main
 * learns from the server: electron/compose/sendLimits.ts). A forward can send the original as an attachment.
 */
import { useEffect, useState, type DragEvent } from 'react';
import type { OutgoingAttachment } from '../../../shared/contract/compose';
import { formatSize } from '../../../shared/domain/formatSize';
import { useSession } from '../../state/sessionContext';
import { attachmentBytes } from './composeDraft';

/** Drag and drop of files onto the composer: handlers for its root, and whether files are over it now. */
export function useFileDrop(onFiles: (files: File[]) => void) {
  const [over, setOver] = useState(false);
  const carriesFiles = (event: DragEvent) => [...event.dataTransfer.types].includes('Files');
  return {
    over,
    handlers: {
      onDragOver: (event: DragEvent) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setOver(true);
      },
      onDragLeave: (event: DragEvent) => {
        // Leaving for a child of the composer is not leaving the composer.
        if (!(event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget))) setOver(false);
      },
      onDrop: (event: DragEvent) => {
        if (!carriesFiles(event)) return;
        setOver(false);
        // The text editor took them: images dropped into the text stand in it rather than in the list.
        if (event.defaultPrevented) return;
        event.preventDefault();
        const files = [...event.dataTransfer.files];
        if (files.length > 0) onFiles(files);
      },
    },
  };
}

/** The account's SMTP size limit, asked of main once there is something large enough to matter. */
function useSendLimit(accountId: string, asking: boolean): number | null {
  const session = useSession();
  const [limit, setLimit] = useState<{ accountId: string; bytes: number | null } | null>(null);
  useEffect(() => {
    if (!asking || limit?.accountId === accountId) return;
    let live = true;
    session.client.api.getSendLimit({ accountId }).then(
      ({ maxBytes }) => live && setLimit({ accountId, bytes: maxBytes }),
      () => live && setLimit({ accountId, bytes: null }),
    );
    return () => {
      live = false;
    };
  }, [session, accountId, asking, limit]);
  return limit?.accountId === accountId ? limit.bytes : null;
}

export interface ComposerAttachmentsProps {
  accountId: string;
  attachments: OutgoingAttachment[];
  /** The whole message as it would go out, roughly (base64 and line breaks included). */
  estimatedBytes: number;
  error: string | undefined;
  onPick(files: File[]): void;
  onRemove(index: number): void;
  /** Offered on a forward: replace the inline copy with the original message as an attachment. */
  onForwardAsAttachment: (() => void) | null;
}

export function ComposerAttachments({ accountId, attachments, estimatedBytes, error, onPick, onRemove, onForwardAsAttachment }: ComposerAttachmentsProps) {
  const limit = useSendLimit(accountId, attachments.length > 0);
  const overLimit = limit !== null && estimatedBytes > limit;
  return (
    <div className="composer-attachments">
      <div className="attach-row">
        <label className="attach-button">
          Attach files…
          <input
            type="file"
            multiple
            onChange={(event) => {
              const files = [...(event.target.files ?? [])];
              event.target.value = '';
              if (files.length > 0) onPick(files);
            }}
          />
        </label>
        <span className="muted">or drop files here</span>
        {onForwardAsAttachment && (
          <button type="button" className="link" onClick={onForwardAsAttachment}>Forward as attachment instead</button>
        )}
      </div>
      {attachments.length > 0 && (
        <ul aria-label="Attachments">
          {attachments.map((attachment, index) => (
            <li key={`${attachment.filename}-${index}`}>
              {attachment.filename} <span className="muted">{formatSize(attachmentBytes([attachment]))}</span>{' '}
              <button type="button" className="link" aria-label={`Remove ${attachment.filename}`} onClick={() => onRemove(index)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {overLimit && (
        <p className="field-warning" role="alert">
          This message is about {formatSize(estimatedBytes)}, but the outgoing server accepts at most {formatSize(limit)}. Remove or shrink attachments, or it will be refused.
        </p>
      )}
      {error && <p className="field-error" role="alert">{error}</p>}
    </div>
  );
}
