/**
 * A contract Transport over a worker_threads MessagePort: one per renderer connection, between the host's
 * thread (which keeps the renderer's transport: a WebSocket or Electron IPC) and the engine's thread.
 * Messages are structured clones; closing either end, or the engine's thread ending, closes both.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ClosableTransport } from '../../shared/ipc/transport';

export function portTransport(port: MessagePort): ClosableTransport {
  return {
    send(message) {
      port.postMessage(message);
    },
    onMessage(listener) {
      port.on('message', listener);
      return () => port.off('message', listener);
    },
    onClose(listener) {
      port.on('close', listener);
      return () => port.off('close', listener);
    },
    close() {
      port.close();
    },
  };
}
