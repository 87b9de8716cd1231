import type { RpcMessage } from './rpcMessage';

/**
 * A bidirectional message pipe: Electron IPC, a WebSocket, or an in-memory pair in tests. Whatever arrives
 * is unknown until parseRpcMessage says otherwise.
 */
export interface Transport {
  send(message: RpcMessage): void;
  /**
   * The same, for a message already encoded as JSON by the engine's thread (electron/engineThread/): a
   * transport that carries JSON anyway sends it as it is instead of decoding and encoding it again.
   */
  sendEncoded?(json: string): void;
  /** The same as UTF-8 bytes, for a transport that sends bytes (a WebSocket): nothing to decode or encode. */
  sendEncodedUtf8?(utf8: Uint8Array): void;
  onMessage(listener: (message: unknown) => void): () => void;
  onClose(listener: () => void): () => void;
}

export interface ClosableTransport extends Transport {
  /** Ends the connection for both sides, like a window closing or a socket dropping. */
  close(): void;
}

/** Two connected in-memory ends, delivering asynchronously like a real transport, with JSON copies. */
export function createTransportPair(): [ClosableTransport, ClosableTransport] {
  type Side = { listeners: Set<(m: unknown) => void>; closeListeners: Set<() => void> };
  const sides: [Side, Side] = [
    { listeners: new Set(), closeListeners: new Set() },
    { listeners: new Set(), closeListeners: new Set() },
  ];
  let closed = false;
  const end = (self: Side, peer: Side): ClosableTransport => ({
    close() {
      if (closed) return;
      closed = true;
      for (const side of sides) side.closeListeners.forEach((listener) => listener());
    },
    send(message) {
      if (closed) return;
      const copy: unknown = JSON.parse(JSON.stringify(message));
      void Promise.resolve().then(() => peer.listeners.forEach((listener) => listener(copy)));
    },
    onMessage(listener) {
      self.listeners.add(listener);
      return () => self.listeners.delete(listener);
    },
    onClose(listener) {
      self.closeListeners.add(listener);
      return () => self.closeListeners.delete(listener);
    },
  });
  return [end(sides[0], sides[1]), end(sides[1], sides[0])];
}
