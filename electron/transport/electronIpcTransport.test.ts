import { describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES, type TernApi } from '../../shared/contract/api';
import { createClient } from '../../shared/ipc/createClient';
import type { Transport } from '../../shared/ipc/transport';
import { serve, type Connection } from '../../shared/ipc/serve';
import { isAppUrl } from '../main/appUrl';
import { FakeIpcMain, FakeSession, FakeWebContents, FakeWebFrame, flushMicrotasks } from '../main/testing/fakeElectron';
import { createElectronIpcHost, type IpcFrame } from './electronIpcTransport';
import { TERN_RPC_CHANNEL } from './ipcChannel';

function setup() {
  const ipcMain = new FakeIpcMain();
  const connections: Array<Connection & { closed: boolean }> = [];
  const warnings: string[] = [];
  const host = createElectronIpcHost({
    ipcMain,
    isTrustedUrl: isAppUrl,
    log: { warn: (_message, fields) => void warnings.push(String(fields?.reason)), error: () => {} },
    serve: (transport) => serve(transport, () => {
      const api = Object.fromEntries(METHOD_NAMES.map((name) => [name, () => Promise.reject(new Error('unused'))])) as unknown as TernApi;
      api.listAccounts = () => Promise.resolve([]);
      const connection = {
        api,
        closed: false,
        close() {
          connection.closed = true;
        },
      };
      connections.push(connection);
      return connection;
    }),
  });
  const window = new FakeWebContents(new FakeSession(), 'app://tern/index.html');
  host.attach(window);

  /** Emits one call as a renderer would, from `frame` of `contents`. */
  const call = (contents: FakeWebContents, frame: IpcFrame | null, ...args: unknown[]) =>
    ipcMain.emit(TERN_RPC_CHANNEL, { sender: contents, senderFrame: frame }, ...args);
  const listAccounts = { t: 'call', id: 1, method: 'listAccounts', args: {} };
  return { ipcMain, host, window, connections, warnings, call, listAccounts };
}

describe('Electron IPC transport', () => {
  it('listens on the one channel, tern:rpc', () => {
    const { ipcMain } = setup();
    expect(ipcMain.listenerCount(TERN_RPC_CHANNEL)).toBe(1);
    expect([...ipcMain.listeners.keys()]).toEqual([TERN_RPC_CHANNEL]);
  });

  it('answers the top frame of an attached window on app://tern with webContents.send on tern:rpc', async () => {
    const { window, call, listAccounts } = setup();
    call(window, window.mainFrame, listAccounts);
    await flushMicrotasks();
    expect(window.sent).toEqual([{ channel: TERN_RPC_CHANNEL, args: [{ t: 'result', id: 1, ok: true, value: [] }] }]);
  });

  it('works end to end with createClient on the renderer side', async () => {
    const { window, ipcMain } = setup();
    const client = createClient({
      send: (message) => ipcMain.emit(TERN_RPC_CHANNEL, { sender: window, senderFrame: window.mainFrame }, message),
      onMessage: (listener) => window.onRendererMessage((_channel, args) => listener(args[0])),
      onClose: () => () => {},
    });
    await expect(client.api.listAccounts({})).resolves.toEqual([]);
  });

  const refusals: Array<[string, (s: ReturnType<typeof setup>) => [FakeWebContents, IpcFrame | null]]> = [
    ['a sub-frame', (s) => [s.window, new FakeWebFrame('app://tern/index.html', s.window.mainFrame)]],
    ['a top-level frame that is not this window’s main frame', (s) => [s.window, new FakeWebFrame('app://tern/index.html')]],
    ['a frame that is gone', (s) => [s.window, null]],
    [
      'a frame disposed while the message was in flight',
      (s) => {
        const disposed = {
          get url(): string {
            throw new Error('Render frame was disposed before WebFrameMain could be accessed');
          },
          parent: null,
          processId: s.window.mainFrame.processId,
          routingId: s.window.mainFrame.routingId,
        };
        return [s.window, disposed];
      },
    ],
    [
      'the top frame showing a foreign page',
      (s) => {
        s.window.mainFrame.url = 'https://evil.test/app://tern/';
        return [s.window, s.window.mainFrame];
      },
    ],
    [
      'a webContents that was never attached',
      () => {
        const stranger = new FakeWebContents(new FakeSession(), 'app://tern/index.html');
        return [stranger, stranger.mainFrame];
      },
    ],
  ];

  it.each(refusals)('ignores and logs a message from %s', async (_name, pick) => {
    const s = setup();
    const [contents, frame] = pick(s);
    s.call(contents, frame, s.listAccounts);
    await flushMicrotasks();
    expect(contents.sent).toEqual([]);
    expect(s.window.sent).toEqual([]);
    expect(s.connections).toHaveLength(0);
    expect(s.warnings).toHaveLength(1);
  });

  it('reads only the first argument', async () => {
    const { window, call, listAccounts } = setup();
    call(window, window.mainFrame, { t: 'call', id: 5, method: 'nope', args: {} }, listAccounts);
    await flushMicrotasks();
    expect(window.sent).toHaveLength(1);
    expect(window.sent[0]?.args[0]).toMatchObject({ id: 5, ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('closes the connection when the window is destroyed, and sends nothing after', async () => {
    const { window, call, listAccounts, connections } = setup();
    call(window, window.mainFrame, listAccounts);
    await flushMicrotasks();
    window.destroy();
    expect(connections[0]?.closed).toBe(true);
    call(window, window.mainFrame, listAccounts);
    await flushMicrotasks();
    expect(window.sent).toHaveLength(1);
  });

  it('starts a new connection after a main-frame navigation (reload), not after same-document or sub-frame ones', async () => {
    const { window, call, listAccounts, connections } = setup();
    call(window, window.mainFrame, listAccounts);
    await flushMicrotasks();
    window.fireNavigation('did-start-navigation', 'app://tern/index.html#inbox', { isMainFrame: true, isSameDocument: true });
    window.fireNavigation('did-start-navigation', 'about:srcdoc', { isMainFrame: false });
    expect(connections[0]?.closed).toBe(false);
    window.fireNavigation('did-start-navigation', 'app://tern/index.html', { isMainFrame: true });
    expect(connections[0]?.closed).toBe(true);
    call(window, window.mainFrame, listAccounts);
    await flushMicrotasks();
    expect(connections).toHaveLength(2);
    expect(connections[1]?.closed).toBe(false);
  });

  it('closes the connection when the renderer process dies', async () => {
    const { window, call, listAccounts, connections } = setup();
    call(window, window.mainFrame, listAccounts);
    await flushMicrotasks();
    window.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(connections[0]?.closed).toBe(true);
  });

  it('stops listening on dispose', async () => {
    const { ipcMain, host, window, call, listAccounts, connections } = setup();
    call(window, window.mainFrame, listAccounts);
    await flushMicrotasks();
    host.dispose();
    expect(ipcMain.listenerCount(TERN_RPC_CHANNEL)).toBe(0);
    expect(connections[0]?.closed).toBe(true);
  });

  it('logs instead of throwing when a reply cannot be sent', async () => {
    const errors: string[] = [];
    const ipcMain = new FakeIpcMain();
    const host = createElectronIpcHost({
      ipcMain,
      isTrustedUrl: isAppUrl,
      log: { warn: () => {}, error: (message) => void errors.push(message) },
      serve: (transport) =>
        serve(transport, () => {
          const api = Object.fromEntries(METHOD_NAMES.map((name) => [name, () => Promise.resolve(() => 'not cloneable')])) as unknown as TernApi;
          return { api, close: () => {} };
        }),
    });
    const window = new FakeWebContents(new FakeSession(), 'app://tern/index.html');
    host.attach(window);
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    ipcMain.emit(TERN_RPC_CHANNEL, { sender: window, senderFrame: window.mainFrame }, { t: 'call', id: 1, method: 'listAccounts', args: {} });
    await flushMicrotasks();
    process.off('unhandledRejection', unhandled);
    expect(errors).toHaveLength(1);
    expect(unhandled).not.toHaveBeenCalled();
  });

  it('sends a message the engine thread encoded to the window as the JSON string, not decoded here', async () => {
    const ipcMain = new FakeIpcMain();
    const transports: Transport[] = [];
    const host = createElectronIpcHost({ ipcMain, isTrustedUrl: isAppUrl, log: { warn: () => {}, error: () => {} }, serve: (transport) => (transports.push(transport), () => {}) });
    const window = new FakeWebContents(new FakeSession(), 'app://tern/index.html');
    host.attach(window);
    ipcMain.emit(TERN_RPC_CHANNEL, { sender: window, senderFrame: window.mainFrame }, { t: 'call', id: 1, method: 'listAccounts', args: {} });
    await flushMicrotasks();
    const json = JSON.stringify({ t: 'result', id: 1, ok: true, value: [] });
    transports[0]?.sendEncoded?.(json);
    expect(window.sent).toEqual([{ channel: TERN_RPC_CHANNEL, args: [json] }]);
  });
});
