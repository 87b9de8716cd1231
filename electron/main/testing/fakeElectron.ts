/**
 * A recording stand-in for the `electron` module, for unit tests that run in plain Node (there is no
 * Electron binary here, and requiring the real package would try to download one). It records what the
 * code under test configured — window options, handlers, listeners — and lets a test play Electron's part:
 * fire `ready`, navigate a frame, send IPC as a renderer would. Behaviour is modelled only as far as the
 * checks in docs/security need it.
 */
import type { Transport } from '../../../shared/ipc/transport';

type AnyListener = (...args: never[]) => unknown;

export class FakeEmitter {
  /** Registered listeners by event name (public only so that classes built inside a factory can extend this). */
  readonly listeners = new Map<string, AnyListener[]>();

  on(name: string, listener: AnyListener): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
    return this;
  }

  once(name: string, listener: AnyListener): this {
    const wrapper = (...args: never[]) => {
      this.removeListener(name, wrapper);
      return listener(...args);
    };
    return this.on(name, wrapper);
  }

  removeListener(name: string, listener: AnyListener): this {
    this.listeners.set(name, (this.listeners.get(name) ?? []).filter((entry) => entry !== listener));
    return this;
  }

  off(name: string, listener: AnyListener): this {
    return this.removeListener(name, listener);
  }

  listenerCount(name: string): number {
    return this.listeners.get(name)?.length ?? 0;
  }

  emit(name: string, ...args: unknown[]): boolean {
    const current = this.listeners.get(name) ?? [];
    for (const listener of current) (listener as (...values: unknown[]) => unknown)(...args);
    return current.length > 0;
  }
}

/** Electron's navigation events: the parameters plus preventDefault. */
export type FakeEvent<T extends object = object> = T & { defaultPrevented: boolean; preventDefault(): void };

export function fakeEvent<T extends object>(params: T): FakeEvent<T> {
  const event = {
    ...params,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

export class FakeWebFrame {
  private static nextRoutingId = 1;
  readonly processId = 7;
  readonly routingId = FakeWebFrame.nextRoutingId++;
  /** The frame's name (an iframe's `name` attribute). */
  name = '';
  constructor(
    public url: string,
    public readonly parent: FakeWebFrame | null = null,
  ) {}
}

export type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: object) => void;
export type PermissionCheckHandler = (contents: unknown, permission: string, origin: string, details: object) => boolean;

/** What session.webRequest.onBeforeRequest hands its listener (the parts the app reads). */
export interface FakeRequestDetails {
  id: number;
  url: string;
  method: string;
  resourceType: string;
  webContentsId?: number;
  frame?: FakeWebFrame | null;
}

export type BeforeRequestListener = (details: FakeRequestDetails, callback: (response: { cancel?: boolean; redirectURL?: string }) => void) => void;

/** session.webRequest: records the onBeforeRequest listener (Electron keeps one per session) and plays requests through it. */
export class FakeWebRequest {
  beforeRequest: { filter: { urls: string[]; types?: string[] } | null; listener: BeforeRequestListener } | null = null;
  private nextId = 1;

  onBeforeRequest(filterOrListener: { urls: string[]; types?: string[] } | BeforeRequestListener | null, maybeListener?: BeforeRequestListener | null): void {
    const filter = typeof filterOrListener === 'function' || filterOrListener === null ? null : filterOrListener;
    const listener = typeof filterOrListener === 'function' ? filterOrListener : (maybeListener ?? null);
    this.beforeRequest = listener ? { filter, listener } : null;
  }

  /** What happens to a request: 'cancel', 'redirect', or 'proceed' (also when no listener's filter matches). */
  request(details: Omit<FakeRequestDetails, 'id' | 'method'> & { method?: string }): Promise<'cancel' | 'redirect' | 'proceed'> {
    const registered = this.beforeRequest;
    if (!registered || !matchesFilter(registered.filter, details.url)) return Promise.resolve('proceed');
    return new Promise((resolve) => {
      registered.listener({ id: this.nextId++, method: 'GET', ...details }, (response) =>
        resolve(response.cancel ? 'cancel' : response.redirectURL ? 'redirect' : 'proceed'),
      );
    });
  }
}

/** Chromium URL match patterns, as far as the app uses them: the scheme must match. */
function matchesFilter(filter: { urls: string[] } | null, url: string): boolean {
  if (!filter) return true;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  return filter.urls.some((pattern) => pattern === '<all_urls>' || pattern.split('://')[0] === scheme || (pattern.startsWith('*://') && (scheme === 'http' || scheme === 'https')));
}

export class FakeSession {
  readonly webRequest = new FakeWebRequest();
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }
}

type WindowOpenHandler = (details: { url: string; frameName: string; features: string; disposition: string }) => { action: string };

export class FakeWebContents extends FakeEmitter {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame: FakeWebFrame;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  readonly loadedUrls: string[] = [];
  windowOpenHandler: WindowOpenHandler | null = null;
  private destroyed = false;
  private readonly rendererListeners = new Set<(channel: string, args: unknown[]) => void>();

  constructor(
    readonly session: FakeSession,
    url = 'about:blank',
  ) {
    super();
    this.mainFrame = new FakeWebFrame(url);
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  /** Like Electron: a structured copy, delivered to the page later, and an error once destroyed. */
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    const copy = structuredClone(args);
    this.sent.push({ channel, args: copy });
    void Promise.resolve().then(() => this.rendererListeners.forEach((listener) => listener(channel, copy)));
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    this.mainFrame.url = url;
    return Promise.resolve();
  }

  /** Fires one of the navigation events as Electron would and returns it, to check preventDefault. */
  fireNavigation(
    name: 'will-navigate' | 'will-frame-navigate' | 'will-redirect' | 'did-start-navigation',
    url: string,
    options: { isMainFrame?: boolean; isSameDocument?: boolean } = {},
  ): FakeEvent<{ url: string; isMainFrame: boolean; isSameDocument: boolean }> {
    const event = fakeEvent({ url, isMainFrame: options.isMainFrame ?? true, isSameDocument: options.isSameDocument ?? false });
    this.emit(name, event, url);
    return event;
  }

  /** What the page's ipcRenderer would receive on `channel`. */
  onRendererMessage(listener: (channel: string, args: unknown[]) => void): () => void {
    this.rendererListeners.add(listener);
    return () => this.rendererListeners.delete(listener);
  }
}

export class FakeIpcMain extends FakeEmitter {}

/** safeStorage with a reversible fake cipher; the deprecated sync API throws so its use fails a test. */
export class FakeSafeStorage {
  backend: 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown' = 'gnome_libsecret';
  available = true;
  /** Bumping it makes earlier ciphertexts report shouldReEncrypt, like a key rotation. */
  keyVersion = 1;
  readonly calls: string[] = [];

  encryptStringAsync(plainText: string): Promise<Buffer> {
    this.calls.push('encryptStringAsync');
    const body = Buffer.from(plainText, 'utf8').map((byte) => byte ^ 0x5a);
    return Promise.resolve(Buffer.concat([Buffer.from(`v${this.keyVersion}:`), body]));
  }

  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    this.calls.push('decryptStringAsync');
    const match = /^v(\d+):/.exec(encrypted.subarray(0, 8).toString('latin1'));
    if (!match?.[1]) return Promise.reject(new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.'));
    const body = encrypted.subarray(match[0].length).map((byte) => byte ^ 0x5a);
    return Promise.resolve({ result: Buffer.from(body).toString('utf8'), shouldReEncrypt: Number(match[1]) < this.keyVersion });
  }

  isAsyncEncryptionAvailable(): Promise<boolean> {
    this.calls.push('isAsyncEncryptionAvailable');
    return Promise.resolve(this.available);
  }

  getSelectedStorageBackend(): FakeSafeStorage['backend'] {
    this.calls.push('getSelectedStorageBackend');
    return this.backend;
  }

  encryptString(): never {
    throw new Error('deprecated sync safeStorage.encryptString used');
  }
  decryptString(): never {
    throw new Error('deprecated sync safeStorage.decryptString used');
  }
  isEncryptionAvailable(): never {
    throw new Error('deprecated sync safeStorage.isEncryptionAvailable used');
  }
}

export class FakeApp extends FakeEmitter {
  singleInstanceLock = true;
  quitCalls = 0;
  private readyResolve: () => void = () => {};
  private readonly readyPromise = new Promise<void>((resolve) => {
    this.readyResolve = resolve;
  });

  constructor(
    private readonly timeline: string[],
    private readonly userData = '/nonexistent/tern-test-user-data',
  ) {
    super();
  }

  enableSandbox(): void {
    this.timeline.push('enableSandbox');
  }
  requestSingleInstanceLock(): boolean {
    this.timeline.push('requestSingleInstanceLock');
    return this.singleInstanceLock;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  quit(): void {
    this.quitCalls += 1;
  }
  readonly badgeCounts: number[] = [];
  setBadgeCount(count: number): boolean {
    this.badgeCounts.push(count);
    return true;
  }
  getPath(name: string): string {
    return name === 'userData' ? this.userData : `/nonexistent/${name}`;
  }
  getVersion(): string {
    return '9.8.7';
  }
  /** Plays Electron's part: resolves whenReady, emits 'ready', and lets the ready handlers run. */
  async becomeReady(): Promise<void> {
    this.timeline.push('ready');
    this.emit('ready', fakeEvent({}));
    this.readyResolve();
    await flushMicrotasks();
  }
}

/** A tray icon that records its tooltip, menu and click handlers. */
export class FakeTray extends FakeEmitter {
  static readonly created: FakeTray[] = [];
  tooltip = '';
  menu: unknown = null;
  constructor(readonly image: unknown) {
    super();
    FakeTray.created.push(this);
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: unknown): void {
    this.menu = menu;
  }
}

const fakeImage = { isEmpty: () => false, resize: () => fakeImage };

/** A fresh fake of the main-process side of `electron`. */
export function createFakeElectron(options: { userData?: string } = {}) {
  /** Calls that must happen in order relative to `ready`, e.g. ['enableSandbox', 'registerSchemesAsPrivileged', 'ready']. */
  const timeline: string[] = [];
  const defaultSession = new FakeSession();

  const app = new FakeApp(timeline, options.userData);

  class BrowserWindow extends FakeEmitter {
    static readonly instances: BrowserWindow[] = [];
    static getAllWindows(): BrowserWindow[] {
      return BrowserWindow.instances.filter((window) => !window.closed);
    }
    readonly webContents: FakeWebContents;
    closed = false;
    shown = false;
    constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
      super();
      timeline.push('new BrowserWindow');
      this.webContents = new FakeWebContents(defaultSession);
      BrowserWindow.instances.push(this);
      // Electron announces the new webContents while the window is being constructed.
      app.emit('web-contents-created', fakeEvent({}), this.webContents);
    }
    loadURL(url: string): Promise<void> {
      return this.webContents.loadURL(url);
    }
    show(): void {
      this.shown = true;
    }
    focus(): void {}
    isMinimized(): boolean {
      return false;
    }
    restore(): void {}
  }

  const protocol = {
    privileged: [] as Array<{ scheme: string; privileges?: Record<string, unknown> }>,
    handlers: new Map<string, (request: { url: string; method: string }) => Promise<Response> | Response>(),
    registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: Record<string, unknown> }>): void {
      timeline.push('registerSchemesAsPrivileged');
      protocol.privileged.push(...schemes);
    },
    handle(scheme: string, handler: (request: { url: string; method: string }) => Promise<Response> | Response): void {
      protocol.handlers.set(scheme, handler);
    },
  };

  const shell = {
    opened: [] as string[],
    /** Files handed to the system's app (openPath), and what the fake answers: '' for success, else an error. */
    openedPaths: [] as string[],
    nextOpenPathError: '',
    openExternal(url: string): Promise<void> {
      shell.opened.push(url);
      return Promise.resolve();
    },
    openPath(path: string): Promise<string> {
      shell.openedPaths.push(path);
      return Promise.resolve(shell.nextOpenPathError);
    },
  };

  const dialog = {
    shown: [] as Array<Record<string, unknown>>,
    /** Index of the button the fake user presses. */
    nextResponse: 0,
    showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
      const options = args[args.length - 1] as Record<string, unknown>;
      dialog.shown.push(options);
      return Promise.resolve({ response: dialog.nextResponse, checkboxChecked: false });
    },
    /** Save dialogs shown (their options, and whether a parent window was passed). */
    saveDialogs: [] as Array<{ options: Record<string, unknown>; withParent: boolean }>,
    /** Where the fake user saves; null presses Cancel. */
    nextSavePath: null as string | null,
    showSaveDialog(...args: unknown[]): Promise<{ canceled: boolean; filePath: string }> {
      dialog.saveDialogs.push({ options: args[args.length - 1] as Record<string, unknown>, withParent: args.length > 1 });
      const path = dialog.nextSavePath;
      return Promise.resolve(path === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: path });
    },
  };

  const ipcMain = new FakeIpcMain();

  /**
   * The page's end of the IPC channel: `send` arrives at ipcMain as if from `frame` of `contents` (by
   * default its top frame), and replies sent to `contents` come back to `onMessage`.
   */
  const rendererTransport = (contents: FakeWebContents, channel: string, frame: FakeWebFrame | null = contents.mainFrame): Transport => ({
    send(message) {
      void Promise.resolve().then(() => ipcMain.emit(channel, { sender: contents, senderFrame: frame }, structuredClone(message)));
    },
    onMessage(listener) {
      return contents.onRendererMessage((sentOn, args) => {
        if (sentOn === channel) listener(args[0]);
      });
    },
    onClose: () => () => {},
  });

  return {
    timeline,
    app,
    BrowserWindow,
    ipcMain,
    protocol,
    session: { defaultSession },
    shell,
    dialog,
    safeStorage: new FakeSafeStorage(),
    powerMonitor: new FakeEmitter(),
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template: unknown) => template },
    nativeImage: { createFromPath: (path: string) => ({ ...fakeImage, path }) },
    rendererTransport,
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

/** The renderer side of `electron` a preload sees: contextBridge and ipcRenderer, recording every call. */
export function createFakePreloadElectron() {
  const exposed = new Map<string, unknown>();
  const calls: Array<{ method: string; args: unknown[] }> = [];
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const record = (method: string) => (...args: unknown[]) => {
    calls.push({ method, args });
  };
  const ipcRenderer = {
    send: record('send'),
    sendSync: record('sendSync'),
    invoke: record('invoke'),
    postMessage: record('postMessage'),
    sendToHost: record('sendToHost'),
    on(channel: string, listener: (...args: unknown[]) => void) {
      calls.push({ method: 'on', args: [channel, listener] });
      listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener));
      return ipcRenderer;
    },
    once(channel: string, listener: (...args: unknown[]) => void) {
      calls.push({ method: 'once', args: [channel, listener] });
      return ipcRenderer;
    },
    removeListener(channel: string, listener: (...args: unknown[]) => void) {
      calls.push({ method: 'removeListener', args: [channel, listener] });
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
    removeAllListeners: record('removeAllListeners'),
    off(channel: string, listener: (...args: unknown[]) => void) {
      return ipcRenderer.removeListener(channel, listener);
    },
  };
  const contextBridge = {
    exposeInMainWorld(key: string, api: unknown) {
      calls.push({ method: 'exposeInMainWorld', args: [key, api] });
      exposed.set(key, api);
    },
    exposeInIsolatedWorld: record('exposeInIsolatedWorld'),
    executeInMainWorld: record('executeInMainWorld'),
  };
  /** Delivers a message from main as Electron would: an event object first, then the payload. */
  const deliver = (channel: string, event: object, ...args: unknown[]) => listeners.get(channel)?.forEach((listener) => listener(event, ...args));
  return { module: { contextBridge, ipcRenderer }, exposed, calls, listeners, deliver };
}

export async function flushMicrotasks(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}
