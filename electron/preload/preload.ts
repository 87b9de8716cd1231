/**
 * The sandboxed preload: the page's only door to the main process. It hands the page two functions and
 * nothing else — no ipcRenderer, no event objects (they carry `sender`, which is ipcRenderer itself), no
 * channel choice. Bundled to CommonJS because a sandboxed preload cannot be an ES module, and it may
 * require nothing but 'electron'.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { TERN_RPC_CHANNEL } from '../transport/ipcChannel';

/** What the page sees as `window.ternBridge`; the renderer's IPC transport is built on it. */
export interface TernBridge {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): () => void;
}

const bridge: TernBridge = {
  send(message) {
    ipcRenderer.send(TERN_RPC_CHANNEL, message);
  },
  onMessage(listener) {
    const forward = (_event: IpcRendererEvent, message: unknown) => listener(message);
    ipcRenderer.on(TERN_RPC_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(TERN_RPC_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('ternBridge', bridge);
