/**
 * The app window. Its web preferences are the security boundary between email content and the machine, so
 * they are spelled out in full (not left to defaults that differ between Electron versions) and a unit test
 * compares them key by key.
 */
import { BrowserWindow, type WebPreferences } from 'electron';
import { APP_ENTRY_URL } from './appUrl';

export const SECURE_WEB_PREFERENCES = {
  nodeIntegration: false,
  nodeIntegrationInSubFrames: false,
  contextIsolation: true,
  sandbox: true,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
} as const satisfies WebPreferences;

export function createMainWindow(preloadPath: string, onLoadFailed: (error: unknown) => void): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    title: 'Tern',
    // Shown once painted, so the user never sees an empty white frame.
    show: false,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: preloadPath },
  });
  window.once('ready-to-show', () => window.show());
  window.loadURL(APP_ENTRY_URL).catch(onLoadFailed);
  return window;
}
