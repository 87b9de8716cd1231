/**
 * The security checklist (docs: handbook security.md, "Electron checklist") asserted against the real
 * composition root, with `electron` replaced by a recording fake. Each test boots a fresh copy of the main
 * module and plays Electron's part.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES, type HostInfo, type TernApi } from '../../shared/contract/api';
import { createClient } from '../../shared/ipc/createClient';
import type { Transport } from '../../shared/ipc/transport';
import type { EngineThreadOptions } from '../engineThread/startEngineThread';
import { TERN_RPC_CHANNEL } from '../transport/ipcChannel';
import { createFakeElectron, FakeWebContents, FakeWebFrame, fakeEvent, flushMicrotasks, type FakeElectron } from './testing/fakeElectron';

const recorded = vi.hoisted(() => ({
  engineOptions: [] as unknown[],
  connections: [] as Array<{ closed: boolean }>,
  shutdowns: 0,
  wakes: 0,
  logs: [] as Array<{ level: string; message: string; fields?: Record<string, unknown> }>,
}));

vi.mock('../services/logger', () => {
  const line = (level: string) => (message: string, fields?: Record<string, unknown>) => void recorded.logs.push({ level, message, fields });
  return { createLogger: () => ({ info: line('info'), warn: line('warn'), error: line('error'), addSecret: () => {} }) };
});

// A fake engine whose getHostInfo reports what it was built with, so a round trip proves the wiring.
vi.mock('../engineThread/startEngineThread', async () => {
  const { serve } = await import('../../shared/ipc/serve');
  return {
    startEngineThread: (options: EngineThreadOptions) => {
      recorded.engineOptions.push(options);
      const connect = () => {
        const connection = { closed: false };
        recorded.connections.push(connection);
        const refuse = () => Promise.reject(new Error('not in this fake'));
        const api = Object.fromEntries(METHOD_NAMES.map((name) => [name, refuse])) as unknown as TernApi;
        api.getHostInfo = (): Promise<HostInfo> =>
          Promise.resolve({ host: options.host, version: options.version, credentialWarning: options.secrets.warning, askBeforeStoringPassword: options.secrets.needsConsent });
        return {
          api,
          close() {
            connection.closed = true;
          },
        };
      };
      return Promise.resolve({
        serve: (transport: Transport) => serve(transport, connect),
        addAccount: () => Promise.reject(new Error('not in this fake')),
        wake: () => {
          recorded.wakes += 1;
        },
        shutdown: () => {
          recorded.shutdowns += 1;
          return Promise.resolve();
        },
      });
    },
  };
});

let electron: FakeElectron;

/** Loads a fresh main module against a fresh fake; `beforeLoad` can set the fake up first. */
async function boot(options: { ready?: boolean; beforeLoad?: (fake: FakeElectron) => void } = {}): Promise<FakeElectron> {
  vi.resetModules();
  const fake = createFakeElectron();
  // doMock (not a hoisted vi.mock): a hoisted factory's result is cached across resetModules, and every
  // test needs a fake with nothing recorded yet.
  vi.doMock('electron', () => fake);
  electron = fake;
  options.beforeLoad?.(electron);
  await import('./electronMain');
  if (options.ready ?? true) await electron.app.becomeReady();
  return electron;
}

function onlyWindow() {
  expect(electron.BrowserWindow.instances).toHaveLength(1);
  const window = electron.BrowserWindow.instances[0];
  if (!window) throw new Error('no window');
  return window;
}

beforeEach(() => {
  recorded.engineOptions.length = 0;
  recorded.connections.length = 0;
  recorded.shutdowns = 0;
  recorded.wakes = 0;
  recorded.logs.length = 0;
});

afterEach(() => {
  vi.doUnmock('electron');
  vi.resetModules();
});

describe('electronMain: before ready', () => {
  it('enables the sandbox, takes the single-instance lock and registers app:// as privileged, all before ready', async () => {
    await boot();
    const { timeline } = electron;
    const readyAt = timeline.indexOf('ready');
    for (const step of ['enableSandbox', 'requestSingleInstanceLock', 'registerSchemesAsPrivileged']) {
      expect(timeline, step).toContain(step);
      expect(timeline.indexOf(step), `${step} before ready`).toBeLessThan(readyAt);
    }
    expect(electron.protocol.privileged).toHaveLength(1);
    const [scheme] = electron.protocol.privileged;
    expect(scheme?.scheme).toBe('app');
    expect(scheme?.privileges).toMatchObject({ standard: true, secure: true });
    // Privileges that would weaken the page: none of them.
    for (const risky of ['bypassCSP', 'allowServiceWorkers', 'corsEnabled', 'allowExtensions']) {
      expect(scheme?.privileges?.[risky], risky).toBeFalsy();
    }
  });

  it('quits without opening anything when another instance holds the lock', async () => {
    await boot({
      beforeLoad: (fake) => {
        fake.app.singleInstanceLock = false;
      },
    });
    expect(electron.app.quitCalls).toBe(1);
    expect(electron.BrowserWindow.instances).toHaveLength(0);
    expect(electron.protocol.handlers.size).toBe(0);
    expect(recorded.engineOptions).toHaveLength(0);
  });

  it('creates no window before ready', async () => {
    await boot({ ready: false });
    await flushMicrotasks();
    expect(electron.BrowserWindow.instances).toHaveLength(0);
  });
});

describe('electronMain: the window', () => {
  it('opens exactly one window with every secure web preference and the sandboxed .cjs preload', async () => {
    await boot();
    const window = onlyWindow();
    // Spelled out here on purpose (not imported), so changing any value in the code fails this test.
    expect(window.options.webPreferences).toEqual({
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      contextIsolation: true,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: join(import.meta.dirname, '../preload/preload.cjs'),
    });
  });

  it('loads the app from app://tern/index.html', async () => {
    await boot();
    expect(onlyWindow().webContents.loadedUrls).toEqual(['app://tern/index.html']);
  });

  it('builds the engine for Electron with safeStorage-backed secrets in the userData folder', async () => {
    await boot();
    expect(recorded.engineOptions).toHaveLength(1);
    const options = recorded.engineOptions[0] as EngineThreadOptions;
    expect(options.host).toBe('electron');
    expect(options.version).toBe('9.8.7');
    expect(options.dataDir).toBe(electron.app.getPath('userData'));
    // Imported after boot, so it is the same module instance electronMain loaded.
    const { SafeStorageSecretStore } = await import('../store/safeStorageSecretStore');
    expect(options.secrets).toBeInstanceOf(SafeStorageSecretStore);
    // On a thread of its own, from the bundled worker built beside the main bundle (electron.vite.config.ts).
    expect(options.workerScript?.href).toMatch(/\/engineWorker\.js$/);
    expect(options.mimeWorkerScript?.href).toMatch(/\/mimeWorker\.js$/);
  });

  it('gives the engine the dock badge and a tray that show the unread count', async () => {
    await boot();
    const options = recorded.engineOptions[0] as EngineThreadOptions;
    options.desktop?.setUnreadCount(4);
    expect(electron.app.badgeCounts).toEqual([4]);
    expect(electron.Tray.created.at(-1)?.tooltip).toBe('Tern — 4 unread');
  });

  it('opens a compose window for a draft with the same secure web preferences, served over the same IPC', async () => {
    await boot();
    const options = recorded.engineOptions[0] as EngineThreadOptions;
    options.desktop?.openComposeWindow?.('d0000000000000000000000000000001');
    expect(electron.BrowserWindow.instances).toHaveLength(2);
    const composeWindow = electron.BrowserWindow.instances[1]!;
    expect(composeWindow.options.webPreferences).toEqual({
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      contextIsolation: true,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: join(import.meta.dirname, '../preload/preload.cjs'),
    });
    expect(composeWindow.webContents.loadedUrls).toEqual(['app://tern/index.html#compose=d0000000000000000000000000000001']);
    const client = createClient(electron.rendererTransport(composeWindow.webContents, TERN_RPC_CHANNEL));
    await expect(client.api.getHostInfo({})).resolves.toMatchObject({ host: 'electron' });
  });

  it('reconnects every account at once when the machine resumes from sleep or the screen unlocks', async () => {
    await boot();
    expect(recorded.wakes).toBe(0);
    electron.powerMonitor.emit('resume');
    electron.powerMonitor.emit('unlock-screen');
    expect(recorded.wakes).toBe(2);
  });

  it('shuts the engine down before quitting', async () => {
    await boot();
    const willQuit = fakeEvent({});
    electron.app.emit('will-quit', willQuit);
    expect(willQuit.defaultPrevented).toBe(true);
    await flushMicrotasks();
    expect(recorded.shutdowns).toBe(1);
    expect(electron.app.quitCalls).toBe(1);
  });
});

describe('electronMain: permissions', () => {
  const others = ['media', 'geolocation', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'hid', 'usb', 'fullscreen', 'unknown'];
  const appPage = { requestingUrl: 'app://tern/index.html', isMainFrame: true };

  it('grants notifications to the app page only, and denies every other request', async () => {
    await boot();
    const handler = electron.session.defaultSession.permissionRequestHandler;
    expect(handler).toBeTypeOf('function');
    const ask = (permission: string, details: object) => {
      const callback = vi.fn();
      handler?.(onlyWindow().webContents, permission, callback, details);
      expect(callback).toHaveBeenCalledTimes(1);
      return callback.mock.calls[0]?.[0] as boolean;
    };
    expect(ask('notifications', appPage)).toBe(true);
    // A message frame (not the top frame), another origin, or a look-alike host get nothing.
    expect(ask('notifications', { ...appPage, isMainFrame: false })).toBe(false);
    expect(ask('notifications', { requestingUrl: 'https://evil.example/', isMainFrame: true })).toBe(false);
    expect(ask('notifications', { requestingUrl: 'app://tern@evil/', isMainFrame: true })).toBe(false);
    for (const permission of others) expect(ask(permission, appPage), permission).toBe(false);
  });

  it('answers permission checks the same way', async () => {
    await boot();
    const handler = electron.session.defaultSession.permissionCheckHandler;
    expect(handler).toBeTypeOf('function');
    expect(handler?.(onlyWindow().webContents, 'notifications', 'app://tern', { isMainFrame: true })).toBe(true);
    expect(handler?.(onlyWindow().webContents, 'notifications', 'app://tern', { isMainFrame: false })).toBe(false);
    expect(handler?.(onlyWindow().webContents, 'notifications', 'null', { isMainFrame: true })).toBe(false);
    for (const permission of others) expect(handler?.(onlyWindow().webContents, permission, 'app://tern', { isMainFrame: true }), permission).toBe(false);
  });
});

describe('electronMain: windows and navigation, for every webContents', () => {
  /** The app window's contents and one created some other way: both must be guarded. */
  async function everyContents(): Promise<FakeWebContents[]> {
    await boot();
    const other = new FakeWebContents(electron.session.defaultSession);
    electron.app.emit('web-contents-created', fakeEvent({}), other);
    return [onlyWindow().webContents, other];
  }

  it('denies every window.open and hands only http, https and mailto links to openExternal', async () => {
    for (const contents of await everyContents()) {
      electron.shell.opened.length = 0;
      const open = (url: string) => contents.windowOpenHandler?.({ url, frameName: '', features: '', disposition: 'new-window' });
      for (const url of [
        'https://example.com/a',
        'http://example.com/b',
        'mailto:someone@example.com',
        'file:///etc/passwd',
        'javascript:alert(1)',
        'data:text/html,<script>alert(1)</script>',
        'smb://attacker.test/share',
        'ms-msdt:/id PCWDiagnostic',
        'app://tern/index.html',
        'not a url',
      ]) {
        expect(open(url), url).toEqual({ action: 'deny' });
      }
      await flushMicrotasks();
      expect(electron.shell.opened).toEqual(['https://example.com/a', 'http://example.com/b', 'mailto:someone@example.com']);
    }
  });

  it('asks before opening a punycode host from window.open, showing the punycode name', async () => {
    const [contents] = await everyContents();
    electron.dialog.nextResponse = 0; // the user cancels
    contents?.windowOpenHandler?.({ url: 'https://аpple.com/login', frameName: '', features: '', disposition: 'new-window' });
    await flushMicrotasks();
    expect(electron.dialog.shown).toHaveLength(1);
    expect(JSON.stringify(electron.dialog.shown[0])).toContain('xn--pple-43d.com');
    expect(electron.shell.opened).toEqual([]);
  });

  it('blocks will-navigate to anything but app://tern', async () => {
    for (const contents of await everyContents()) {
      for (const url of ['https://evil.test/', 'http://127.0.0.1:4417/', 'file:///etc/passwd', 'app://evil/index.html', 'app://tern.evil.test/', 'about:blank', 'data:text/html,x']) {
        expect(contents.fireNavigation('will-navigate', url).defaultPrevented, url).toBe(true);
      }
      expect(contents.fireNavigation('will-navigate', 'app://tern/index.html').defaultPrevented).toBe(false);
    }
  });

  it('blocks will-frame-navigate to foreign URLs in the main frame and in sub-frames', async () => {
    for (const contents of await everyContents()) {
      for (const url of ['https://evil.test/', 'file:///etc/passwd', 'app://evil/x.html']) {
        expect(contents.fireNavigation('will-frame-navigate', url, { isMainFrame: true }).defaultPrevented, `main ${url}`).toBe(true);
        expect(contents.fireNavigation('will-frame-navigate', url, { isMainFrame: false }).defaultPrevented, `sub ${url}`).toBe(true);
      }
      for (const url of ['about:blank', 'data:text/html,x', 'blob:app://tern/0c6e']) {
        expect(contents.fireNavigation('will-frame-navigate', url, { isMainFrame: true }).defaultPrevented, `main ${url}`).toBe(true);
      }
      expect(contents.fireNavigation('will-frame-navigate', 'app://tern/index.html', { isMainFrame: true }).defaultPrevented).toBe(false);
      // The local documents the page's CSP allows in frame-src (the reader's sandboxed frames) stay possible.
      for (const url of ['app://tern/index.html', 'about:srcdoc', 'about:blank', 'blob:app://tern/0c6e', 'data:text/html,x']) {
        expect(contents.fireNavigation('will-frame-navigate', url, { isMainFrame: false }).defaultPrevented, `sub ${url}`).toBe(false);
      }
      expect(contents.fireNavigation('will-frame-navigate', 'blob:https://evil.test/0c6e', { isMainFrame: false }).defaultPrevented).toBe(true);
    }
  });

  it('blocks will-redirect to anything but app://tern', async () => {
    for (const contents of await everyContents()) {
      expect(contents.fireNavigation('will-redirect', 'https://evil.test/').defaultPrevented).toBe(true);
      expect(contents.fireNavigation('will-redirect', 'file:///etc/passwd').defaultPrevented).toBe(true);
      expect(contents.fireNavigation('will-redirect', 'app://tern/index.html').defaultPrevented).toBe(false);
    }
  });

  it('prevents every <webview> from attaching', async () => {
    for (const contents of await everyContents()) {
      const event = fakeEvent({});
      contents.emit('will-attach-webview', event, {}, { src: 'app://tern/index.html' });
      expect(event.defaultPrevented).toBe(true);
    }
  });
});

describe('electronMain: IPC', () => {
  async function callHostInfo(contents: FakeWebContents, frame?: FakeWebFrame | null) {
    const client = createClient(electron.rendererTransport(contents, TERN_RPC_CHANNEL, frame));
    let settled = false;
    const result = client.api.getHostInfo({}).finally(() => {
      settled = true;
    });
    await flushMicrotasks();
    return { result, settled: () => settled, client };
  }

  it('answers the app page in its own top frame: a real round trip through serve() to the engine', async () => {
    await boot();
    const contents = onlyWindow().webContents;
    const { result } = await callHostInfo(contents);
    await expect(result).resolves.toEqual({ host: 'electron', version: '9.8.7', credentialWarning: null, askBeforeStoringPassword: false });
    expect(contents.sent.every((message) => message.channel === TERN_RPC_CHANNEL)).toBe(true);
  });

  it('ignores, and logs, a message from a sub-frame of the app window', async () => {
    await boot();
    const contents = onlyWindow().webContents;
    const child = new FakeWebFrame('app://tern/index.html', contents.mainFrame);
    const { settled } = await callHostInfo(contents, child);
    expect(settled()).toBe(false);
    expect(contents.sent).toEqual([]);
    expect(recorded.connections).toHaveLength(0);
    expect(recorded.logs.some((line) => line.level === 'warn' && String(line.fields?.reason).includes('top frame'))).toBe(true);
  });

  it('ignores a top frame that is showing a foreign page', async () => {
    await boot();
    const contents = onlyWindow().webContents;
    contents.mainFrame.url = 'https://evil.test/';
    const { settled } = await callHostInfo(contents);
    expect(settled()).toBe(false);
    expect(contents.sent).toEqual([]);
    expect(recorded.connections).toHaveLength(0);
  });

  it('ignores a webContents the app did not create as a window, even on app://tern', async () => {
    await boot();
    const stranger = new FakeWebContents(electron.session.defaultSession, 'app://tern/index.html');
    electron.app.emit('web-contents-created', fakeEvent({}), stranger);
    const { settled } = await callHostInfo(stranger);
    expect(settled()).toBe(false);
    expect(stranger.sent).toEqual([]);
  });

  it('treats a reload as a new connection and closes the old one', async () => {
    await boot();
    const contents = onlyWindow().webContents;
    await (await callHostInfo(contents)).result;
    expect(recorded.connections).toHaveLength(1);
    contents.fireNavigation('did-start-navigation', 'app://tern/index.html', { isMainFrame: true });
    expect(recorded.connections[0]?.closed).toBe(true);
    await (await callHostInfo(contents)).result;
    expect(recorded.connections).toHaveLength(2);
    contents.destroy();
    expect(recorded.connections[1]?.closed).toBe(true);
  });
});

describe('electronMain: the app:// protocol', () => {
  it('registers a handler for app:// that 404s on traversal in every spelling', async () => {
    await boot();
    const handler = electron.protocol.handlers.get('app');
    expect(handler).toBeTypeOf('function');
    for (const url of [
      'app://tern/../package.json',
      'app://tern/%2e%2e/package.json',
      'app://tern/%2E%2E/%2E%2E/package.json',
      'app://tern/.%2e/package.json',
      'app://tern/..%2fpackage.json',
      'app://tern/%2e%2e%2fpackage.json',
      'app://tern/..%5cpackage.json',
      'app://tern/main/electronMain.test.ts',
      'app://evil/index.html',
    ]) {
      const response = await handler?.({ url, method: 'GET' });
      expect(response?.status, url).toBe(404);
    }
  });
});
