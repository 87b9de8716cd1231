/**
 * The desktop app's entry point and composition root: it wires Electron to the engine and applies the
 * security settings; the pieces themselves live in their own files. Everything before `whenReady` must run
 * synchronously at load time (no top-level await): with an ES-module main, Electron fires `ready` as soon
 * as this module has been evaluated, and scheme privileges and the sandbox switch only count before that.
 */
import { join, resolve } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, powerMonitor, protocol, safeStorage, session, shell, Tray } from 'electron';
import { addDemoAccountFromEnv, DATA_DIR_ENV } from '../demo/demoAccount';
import { loadOAuthConfig } from '../accounts/oauth/loadOAuthConfig';
import type { OAuthConfig } from '../accounts/oauth/oauthProviders';
import { startEngineThread } from '../engineThread/startEngineThread';
import type { Engine } from '../services/engine';
import { createLogger } from '../services/logger';
import { SafeStorageSecretStore } from '../store/safeStorageSecretStore';
import { createElectronIpcHost } from '../transport/electronIpcTransport';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './appProtocol';
import { APP_SCHEME, isAppUrl } from './appUrl';
import { blockRemoteInMessageFrames } from './blockRemoteInMessageFrames';
import { createComposeWindow } from './createComposeWindow';
import { createDesktopFiles, type DesktopFiles } from './desktopFiles';
import { createMainWindow } from './createMainWindow';
import { limitPermissions } from './appPermissions';
import { guardWebContents } from './guardWebContents';
import { openExternalSafely } from './openExternalSafely';
import { createUnreadIndicators } from './unreadIndicators';

// Built layout: out/main/electronMain.js, out/preload/preload.cjs, out/renderer/index.html.
const RENDERER_DIR = join(import.meta.dirname, '../renderer');
const PRELOAD_PATH = join(import.meta.dirname, '../preload/preload.cjs');
/** Variables, not literals: the bundler must not treat them as assets to copy. */
const MIME_WORKER_FILE = './mimeWorker.js';
const ENGINE_WORKER_FILE = './engineWorker.js';

const log = createLogger(undefined, { verbose: process.env.TERN_VERBOSE === '1' });

/** OAuth2 clients from `oauth-clients.json` in the data dir and the environment; a broken file means no sign-in, not no app. */
function oauthConfig(file: string): OAuthConfig {
  try {
    return loadOAuthConfig(file);
  } catch (error) {
    log.error('OAuth configuration ignored', { reason: (error as Error).message });
    return {};
  }
}

/** Scheme and host only: a blocked link's path and query may carry personal or tracking data. */
function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(unparseable)';
  }
}

function openLink(url: string): void {
  openExternalSafely(url, { shell, dialog }).catch((error: unknown) =>
    log.warn('Could not open a link in the browser', { error: String(error) }),
  );
}

function start(): void {
  app.enableSandbox();
  // `npm run demo` keeps its account out of the user's real profile.
  const dataDirOverride = process.env[DATA_DIR_ENV];
  if (dataDirOverride) app.setPath('userData', resolve(dataDirOverride));
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

  let engine: Engine | null = null;
  let mainWindow: BrowserWindow | null = null;
  let desktopFiles: DesktopFiles | null = null;

  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, openLink, (what, url) => log.warn('Blocked', { what, target: originOf(url) }));
  });

  const openWindow = (ipcHost: ReturnType<typeof createElectronIpcHost>) => {
    const window = createMainWindow(PRELOAD_PATH, (error) => log.error('The app page did not load', { error: String(error) }));
    ipcHost.attach(window.webContents);
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    mainWindow = window;
  };

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  void app.whenReady().then(async () => {
    limitPermissions(session.defaultSession);
    blockRemoteInMessageFrames(session.defaultSession);
    protocol.handle(APP_SCHEME, createAppProtocolHandler(RENDERER_DIR));

    const dataDir = app.getPath('userData');
    const indicators = createUnreadIndicators({
      app,
      createTray: (image) => new Tray(image),
      buildMenu: (template) => Menu.buildFromTemplate(template),
      loadIcon: () => nativeImage.createFromPath(join(RENDERER_DIR, 'tray-icon.png')),
      showWindow: () => {
        if (!mainWindow) return;
        if (mainWindow.isMinimized()) mainWindow.restore();
        mainWindow.show();
        mainWindow.focus();
      },
    });
    // Compose windows are served by the same IPC host as the main window, once it exists.
    let ipcHost: ReturnType<typeof createElectronIpcHost> | null = null;
    // Attachments are saved with the native dialog and opened with the system's app, written by main from disk.
    const files = createDesktopFiles({ dialog, shell, defaultDir: () => app.getPath('downloads'), parent: () => mainWindow });
    desktopFiles = files;
    // The engine runs on a thread of its own, so parsing a large folder never holds up windows and IPC here;
    // safeStorage, dialogs, the tray and windows stay on this thread and are lent to it.
    const readyEngine = await startEngineThread({
      dataDir,
      secrets: new SafeStorageSecretStore(dataDir, safeStorage),
      host: 'electron',
      version: app.getVersion(),
      log,
      // Both built beside electronMain.js by electron.vite.config.ts.
      workerScript: new URL(ENGINE_WORKER_FILE, import.meta.url),
      mimeWorkerScript: new URL(MIME_WORKER_FILE, import.meta.url),
      desktop: {
        setUnreadCount: (count) => indicators.setUnreadCount(count),
        openComposeWindow: (draftId) => {
          if (!ipcHost) return;
          const window = createComposeWindow(PRELOAD_PATH, draftId, (error) => log.error('The compose window did not load', { error: String(error) }));
          ipcHost.attach(window.webContents);
        },
        saveFile: (file, defaultName) => files.saveFile(file, defaultName),
        openFile: (file, name) => files.openFile(file, name),
      },
      oauth: oauthConfig(join(dataDir, 'oauth-clients.json')),
    });
    engine = readyEngine;
    // After sleep the sockets are dead but nothing says so for minutes: reconnect at once instead.
    powerMonitor.on('resume', () => readyEngine.wake());
    powerMonitor.on('unlock-screen', () => readyEngine.wake());
    addDemoAccountFromEnv(readyEngine, dataDir).catch((error: unknown) => log.error('The demo account could not be added', { error: String(error) }));
    const host = createElectronIpcHost({ ipcMain, serve: (transport) => readyEngine.serve(transport), isTrustedUrl: isAppUrl, log });
    ipcHost = host;

    openWindow(host);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow(host);
    });
  }).catch((error: unknown) => {
    // Without its engine the app can do nothing: say why and quit rather than show an empty window.
    log.error('Tern could not start its engine', { error: String(error) });
    dialog.showErrorBox('Tern could not start', `Tern’s engine did not start: ${String(error)}`);
    app.quit();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Give the engine the chance to log out of IMAP and finish writes before the process ends.
  let shutDown = false;
  app.on('will-quit', (event) => {
    if (shutDown || !engine) return;
    event.preventDefault();
    shutDown = true;
    engine
      .shutdown()
      .then(() => desktopFiles?.cleanUp())
      .catch((error: unknown) => log.error('Engine shutdown failed', { error: String(error) }))
      .finally(() => app.quit());
  });
}

// A second copy would race the first over the same data files and IMAP connections; it hands over instead.
if (app.requestSingleInstanceLock()) start();
else app.quit();
