/** Adapts one `ws` WebSocket to the Transport interface (JSON frames, size-capped by the server). */
import type { WebSocket } from 'ws';
import { encodeMessage } from './encodeAhead';
import type { RpcMessage } from '../../shared/ipc/rpcMessage';
import type { Transport } from '../../shared/ipc/transport';

export function webSocketTransport(socket: WebSocket): Transport {
  return {
    send(message: RpcMessage) {
      if (socket.readyState === socket.OPEN) socket.send(encodeMessage(message));
    },
    sendEncoded(json) {
      if (socket.readyState === socket.OPEN) socket.send(json);
    },
    sendEncodedUtf8(utf8) {
      // A text frame of these bytes as they are: they are JSON, encoded by TextEncoder (valid UTF-8).
      if (socket.readyState === socket.OPEN) socket.send(utf8, { binary: false });
    },
    onMessage(listener) {
      const handler = (data: Buffer, isBinary: boolean) => {
        if (isBinary) return;
        let parsed: unknown;
        try {
          parsed = JSON.parse(data.toString('utf8'));
        } catch {
          return;
        }
        listener(parsed);
      };
      socket.on('message', handler);
      return () => socket.off('message', handler);
    },
    onClose(listener) {
      socket.on('close', listener);
      return () => socket.off('close', listener);
    },
  };
}
