/**
 * A window with only the composer in it, for one draft: the same page as the main window (the renderer shows
 * the composer alone for `#compose=<draftId>`), with the same secure web preferences, smaller.
 */
import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './appUrl';
import { SECURE_WEB_PREFERENCES } from './createMainWindow';

export function createComposeWindow(preloadPath: string, draftId: string, onLoadFailed: (error: unknown) => void): BrowserWindow {
  const window = new BrowserWindow({
    width: 820,
    height: 760,
    minWidth: 520,
    minHeight: 420,
    title: 'New message — Tern',
    show: false,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: preloadPath },
  });
  window.once('ready-to-show', () => window.show());
  // The id was checked by the engine (letters, digits and dashes); encoded all the same.
  window.loadURL(`${APP_ENTRY_URL}#compose=${encodeURIComponent(draftId)}`).catch(onLoadFailed);
  return window;
}
