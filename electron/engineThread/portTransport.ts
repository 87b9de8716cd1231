/**
 * The two ends of one renderer connection's MessageChannel. The engine's end sends each message already
 * encoded as UTF-8 JSON in a transferred buffer (no copy across threads; an object graph of 2000 headers
 * would be cloned field by field), with the id of a call's result beside it, so the host's end can relay it
 * without decoding it and still knows which of the renderer's calls are answered.
 */
import type { MessagePort } from 'node:worker_threads';
import { acknowledgementAwaited } from '../transport/deltaGate';
import { encodeMessageBytes } from '../transport/encodeAhead';
import type { RpcMessage } from '../../shared/ipc/rpcMessage';
import type { Transport } from '../../shared/ipc/transport';

/**
 * What the engine's end posts. `result`: the call this answers, if it is a result. `after`: a delta that the
 * renderer must acknowledge before this message is sent on (deltaGate.ts).
 */
export interface EncodedMessage {
  utf8: Uint8Array;
  result?: number;
  after?: number;
}

export function isEncodedMessage(value: unknown): value is EncodedMessage {
  return typeof value === 'object' && value !== null && (value as EncodedMessage).utf8 instanceof Uint8Array;
}

/** The engine's end, for `serve`: renderer messages arrive as the host relayed them (unchecked, like any peer's). */
export function enginePortTransport(port: MessagePort): Transport {
  return {
    send(message: RpcMessage) {
      const utf8 = encodeMessageBytes(message);
      const after = acknowledgementAwaited(message);
      const encoded: EncodedMessage = { utf8, ...(message.t === 'result' ? { result: message.id } : {}), ...(after !== undefined ? { after } : {}) };
      port.postMessage(encoded, [utf8.buffer]);
    },
    onMessage(listener) {
      port.on('message', listener);
      return () => port.off('message', listener);
    },
    onClose(listener) {
      port.on('close', listener);
      return () => port.off('close', listener);
    },
  };
}
