/**
 * Picks the transport for this host: the preload's bridge inside Electron, the token-protected WebSocket in
 * browser mode. Nothing else in the renderer knows which host it runs in.
 */
import type { RpcMessage } from '../../shared/ipc/rpcMessage';
import type { Transport } from '../../shared/ipc/transport';

interface TernBridge {
  send(message: RpcMessage): void;
  onMessage(listener: (message: unknown) => void): () => void;
}

declare global {
  interface Window {
    ternBridge?: TernBridge;
  }
}

/** Main sends most messages as objects, and those its engine thread encoded as JSON strings (decoded here). */
export function bridgeTransport(bridge: TernBridge): Transport {
  return {
    send: (message) => bridge.send(message),
    onMessage: (listener) =>
      bridge.onMessage((message) => {
        if (typeof message !== 'string') return listener(message);
        try {
          listener(JSON.parse(message));
        } catch {
          // A malformed message is dropped, like any message that fails parsing.
        }
      }),
    onClose: () => () => {},
  };
}

function webSocketTransport(url: string): Promise<Transport> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const closeListeners = new Set<() => void>();
    socket.addEventListener('close', () => closeListeners.forEach((listener) => listener()));
    socket.addEventListener('error', () => reject(new Error('Could not reach Tern’s engine.')), { once: true });
    socket.addEventListener('open', () =>
      resolve({
        send: (message) => socket.send(JSON.stringify(message)),
        onMessage(listener) {
          const handler = (event: MessageEvent) => {
            if (typeof event.data !== 'string') return;
            try {
              listener(JSON.parse(event.data));
            } catch {
              // A malformed frame is dropped, like any message that fails parsing.
            }
          };
          socket.addEventListener('message', handler);
          return () => socket.removeEventListener('message', handler);
        },
        onClose(listener) {
          closeListeners.add(listener);
          return () => closeListeners.delete(listener);
        },
      }),
    );
  });
}

export async function connectTransport(): Promise<Transport> {
  if (window.ternBridge) return bridgeTransport(window.ternBridge);
  const token = new URLSearchParams(window.location.search).get('token');
  if (!token) throw new Error('Open Tern with the full address it printed when it started (it contains a token).');
  return webSocketTransport(`ws://${window.location.host}/rpc?token=${encodeURIComponent(token)}`);
}
