/**
 * The desktop app's last line against remote content in email, below the sanitizer and the message frame's
 * CSP: every http(s) and ws(s) request a page makes is cancelled, except images, stylesheets and fonts that a
 * message frame asks for after the user allowed its remote content. The app itself loads nothing remote (it
 * is served from app://), so nothing legitimate is lost.
 *
 * A message frame is a direct child of the app's top frame. The renderer names it REMOTE_CONTENT_FRAME_NAME
 * (shared/contract/messages.ts) only once the user allowed remote content for that message; the message
 * cannot name its own frame, because it runs no script (sandbox without allow-scripts, and a CSP without
 * script-src), and it cannot create frames of its own (the sanitizer removes them, the CSP forbids them).
 *
 * Requests with no page behind them (Chromium fetching spelling dictionaries, for one) are left alone: email
 * content cannot make them. Electron keeps one onBeforeRequest listener per session: this module owns it.
 */
import { REMOTE_CONTENT_FRAME_NAME } from '../../shared/contract/messages';
import { isAppUrl } from './appUrl';

export const REMOTE_URL_PATTERNS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'];

const ALLOWED_RESOURCE_TYPES = new Set(['image', 'stylesheet', 'font']);

/** The part of Electron's WebFrameMain read here. */
export interface RequestingFrame {
  readonly name: string;
  readonly url: string;
  readonly parent: RequestingFrame | null;
}

/** The part of Electron's OnBeforeRequestListenerDetails read here. */
export interface RemoteRequestDetails {
  url: string;
  resourceType: string;
  webContentsId?: number;
  /** Absent or null when the frame has gone (navigated away or destroyed). */
  frame?: RequestingFrame | null;
}

export interface WebRequestSession {
  webRequest: {
    onBeforeRequest(
      filter: { urls: string[] },
      listener: (details: RemoteRequestDetails, callback: (response: { cancel?: boolean }) => void) => void,
    ): void;
  };
}

/** True when the request must not go out. Never throws: a frame that cannot be read is refused. */
export function shouldCancelRemoteRequest(details: RemoteRequestDetails): boolean {
  if (details.webContentsId === undefined) return false;
  if (!ALLOWED_RESOURCE_TYPES.has(details.resourceType)) return true;
  try {
    const frame = details.frame;
    if (!frame || frame.name !== REMOTE_CONTENT_FRAME_NAME) return true;
    const parent = frame.parent;
    return !(parent !== null && parent.parent === null && isAppUrl(parent.url));
  } catch {
    // Electron throws when a frame's renderer is gone by the time it is read.
    return true;
  }
}

export function blockRemoteInMessageFrames(session: WebRequestSession, onCancelled: (resourceType: string) => void = () => {}): void {
  session.webRequest.onBeforeRequest({ urls: REMOTE_URL_PATTERNS }, (details, callback) => {
    const cancel = shouldCancelRemoteRequest(details);
    if (cancel) onCancelled(details.resourceType);
    callback(cancel ? { cancel: true } : {});
  });
}
