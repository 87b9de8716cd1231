/**
 * Hardening applied to every webContents the app ever creates (windows, frames' guests, devtools): nothing
 * may open a new window, leave app://tern, or attach a <webview>. Links the user clicks that should open
 * in the browser arrive through the window-open handler and go to openExternalSafely.
 */
import type { WebContents } from 'electron';
import { APP_ORIGIN, isAppUrl } from './appUrl';

export type GuardedWebContents = Pick<WebContents, 'setWindowOpenHandler' | 'on'>;

const EXTERNAL_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

function schemeOf(url: string): string | null {
  try {
    return new URL(url).protocol;
  } catch {
    return null;
  }
}

/**
 * Sub-frames may also hold the local documents the page's CSP allows in `frame-src` (the sandboxed frames
 * that show email: srcdoc, blob: made by our page, data:). None of them makes a network request.
 */
function isAllowedSubframeUrl(url: string): boolean {
  return (
    isAppUrl(url) ||
    url === 'about:blank' ||
    url === 'about:srcdoc' ||
    url.startsWith(`blob:${APP_ORIGIN}/`) ||
    url.startsWith('data:')
  );
}

export function guardWebContents(
  contents: GuardedWebContents,
  openExternal: (url: string) => void,
  onBlocked: (what: string, url: string) => void = () => {},
): void {
  contents.setWindowOpenHandler(({ url }) => {
    const scheme = schemeOf(url);
    if (scheme !== null && EXTERNAL_SCHEMES.has(scheme)) openExternal(url);
    else onBlocked('window.open', url);
    return { action: 'deny' };
  });

  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    onBlocked('will-navigate', event.url);
  });

  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame ? isAppUrl(event.url) : isAllowedSubframeUrl(event.url)) return;
    event.preventDefault();
    onBlocked('will-frame-navigate', event.url);
  });

  contents.on('will-redirect', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    onBlocked('will-redirect', event.url);
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    onBlocked('will-attach-webview', '');
  });
}
