/**
 * Saving and opening a received attachment without its bytes passing through the window: the renderer asks,
 * the host decides how. The desktop app shows its own save dialog and writes the file (or hands it to the
 * system's app); browser mode answers with a one-time download URL the page hands to the browser.
 */
import type { MessageRef } from './api';

export type AttachmentAction = 'save' | 'open';

export interface AttachmentDeliveryRequest extends MessageRef {
  /** Position in `MessageBody.attachments`. */
  index: number;
  action: AttachmentAction;
  /** The user was told the file is a program (a `confirm` answer) and still wants it. */
  allowProgram?: boolean;
}

export type AttachmentDelivery =
  /** Browser mode: a same-origin path, usable once and for a short while; the page adds its token and downloads it. */
  | { kind: 'download'; url: string; filename: string; size: number }
  /** Desktop: written where the user chose in the save dialog. */
  | { kind: 'saved'; filename: string; size: number }
  /** Desktop: copied to a private temporary folder and handed to the system's app for its type. */
  | { kind: 'opened'; filename: string }
  /** Desktop: the user closed the save dialog. */
  | { kind: 'cancelled' }
  /** The file is a program (by its bytes or its name): nothing was delivered; ask, then again with allowProgram. */
  | { kind: 'confirm'; filename: string; description: string };

export const ATTACHMENT_ACTIONS: readonly AttachmentAction[] = ['save', 'open'];

/** The largest attachment shown inside the app (images, text, PDF): its bytes travel to the window whole. */
export const MAX_PREVIEW_BYTES = 25 * 1024 * 1024;
