/**
 * Electron IPC as a contract Transport: one connection per page load of each window the app created.
 * Every message is checked against its sender before anything else looks at it, because a preload runs in
 * whatever the top frame shows and Electron delivers IPC from any frame of any webContents to ipcMain.
 */
import type { RpcMessage } from '../../shared/ipc/rpcMessage';
import type { Transport } from '../../shared/ipc/transport';
import type { Logger } from '../services/logger';
import { TERN_RPC_CHANNEL } from './ipcChannel';

/** The parts of Electron's WebFrameMain this module reads. */
export interface IpcFrame {
  readonly url: string;
  readonly parent: IpcFrame | null;
  readonly processId: number;
  readonly routingId: number;
}

interface NavigationStart {
  readonly isMainFrame: boolean;
  readonly isSameDocument: boolean;
}

/** The parts of Electron's WebContents this module uses. */
export interface IpcWebContents {
  readonly id: number;
  readonly mainFrame: IpcFrame;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  on(event: 'destroyed', listener: () => void): unknown;
  on(event: 'render-process-gone', listener: () => void): unknown;
  on(event: 'did-start-navigation', listener: (details: NavigationStart) => void): unknown;
}

export interface IpcEvent {
  readonly sender: IpcWebContents;
  readonly senderFrame: IpcFrame | null;
}

type IpcListener = (event: IpcEvent, ...args: unknown[]) => void;

export interface IpcMainLike {
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

export interface ElectronIpcHostOptions {
  ipcMain: IpcMainLike;
  /** Serves the contract on one page's connection (Engine.serve). */
  serve: (transport: Transport) => () => void;
  /** Whether a page at this URL is the app's own (app://tern/...). */
  isTrustedUrl: (url: string) => boolean;
  log: Pick<Logger, 'warn' | 'error'>;
}

export interface ElectronIpcHost {
  /** Serves the contract to this window's pages. Only attached webContents are ever answered. */
  attach(contents: IpcWebContents): void;
  dispose(): void;
}

interface PageConnection {
  deliver(message: unknown): void;
  close(): void;
}

interface Attached {
  contents: IpcWebContents;
  page: PageConnection | null;
}

/** Only what helps debugging; a foreign URL's path and query may carry personal data. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(unparseable)';
  }
}

export function createElectronIpcHost(options: ElectronIpcHostOptions): ElectronIpcHost {
  const { ipcMain, isTrustedUrl, log } = options;
  const attached = new Map<number, Attached>();

  const openPage = (contents: IpcWebContents): PageConnection => {
    const messageListeners = new Set<(message: unknown) => void>();
    const closeListeners = new Set<() => void>();
    let closed = false;
    const deliver = (payload: RpcMessage | string) => {
      if (closed || contents.isDestroyed()) return;
      try {
        contents.send(TERN_RPC_CHANNEL, payload);
      } catch (error) {
        // A value that cannot be structured-cloned is an engine bug; the page must not hang on it silently.
        log.error('Could not send an IPC message to the window', { error: String(error) });
      }
    };
    const transport: Transport = {
      send: deliver,
      // A message the engine's thread already encoded goes to the window as that string, decoded there
      // (renderer/api/connectTransport.ts): this thread neither decodes nor clones its object graph.
      sendEncoded: deliver,
      onMessage(listener) {
        messageListeners.add(listener);
        return () => messageListeners.delete(listener);
      },
      onClose(listener) {
        closeListeners.add(listener);
        return () => closeListeners.delete(listener);
      },
    };
    options.serve(transport);
    return {
      deliver: (message) => messageListeners.forEach((listener) => listener(message)),
      close() {
        if (closed) return;
        closed = true;
        closeListeners.forEach((listener) => listener());
      },
    };
  };

  const closePage = (entry: Attached) => {
    entry.page?.close();
    entry.page = null;
  };

  /** Why this message must be ignored, or null if it comes from the top frame of one of our app pages. */
  const rejection = (event: IpcEvent, entry: Attached | undefined): string | null => {
    if (!entry) return 'sender is not a window Tern created';
    const frame = event.senderFrame;
    if (!frame) return 'sender frame is gone';
    try {
      const top = entry.contents.mainFrame;
      if (frame.parent !== null || frame.processId !== top.processId || frame.routingId !== top.routingId) {
        return 'sender is not the top frame';
      }
      if (!isTrustedUrl(frame.url)) return `sender page is not the app (${describeUrl(frame.url)})`;
    } catch {
      // WebFrameMain throws when the frame was disposed while the message was in flight.
      return 'sender frame is gone';
    }
    return null;
  };

  const onIpcMessage: IpcListener = (event, ...args) => {
    const entry = attached.get(event.sender.id);
    const reason = rejection(event, entry);
    if (reason !== null || !entry) {
      log.warn('Ignored an IPC message', { reason });
      return;
    }
    // A connection starts with the first call of each page load, so a reload gets a fresh one.
    entry.page ??= openPage(entry.contents);
    entry.page.deliver(args[0]);
  };
  ipcMain.on(TERN_RPC_CHANNEL, onIpcMessage);

  return {
    attach(contents) {
      if (attached.has(contents.id)) return;
      const entry: Attached = { contents, page: null };
      attached.set(contents.id, entry);
      contents.on('did-start-navigation', (details) => {
        // A reload or a new document is a new peer: its predecessor's syncs and pending calls must end.
        if (details.isMainFrame && !details.isSameDocument) closePage(entry);
      });
      contents.on('render-process-gone', () => closePage(entry));
      contents.on('destroyed', () => {
        closePage(entry);
        attached.delete(contents.id);
      });
    },
    dispose() {
      ipcMain.removeListener(TERN_RPC_CHANNEL, onIpcMessage);
      attached.forEach(closePage);
      attached.clear();
    },
  };
}
