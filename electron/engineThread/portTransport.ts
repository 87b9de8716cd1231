/**
 * The two ends of one renderer connection's MessageChannel. The engine's end sends each message already
 * encoded as JSON (a string crosses threads as one copy; an object graph of 2000 headers is cloned field by
 * field), with the id of a call's result beside it, so the host's end can relay it without decoding it and
 * still knows which of the renderer's calls are answered.
 */
import type { MessagePort } from 'node:worker_threads';
import { encodeMessage } from '../../shared/ipc/encodeAhead';
import type { RpcMessage } from '../../shared/ipc/rpcMessage';
import type { Transport } from '../../shared/ipc/transport';

/** What the engine's end posts. `result`: the call this answers, if it is a result. */
export interface EncodedMessage {
  json: string;
  result?: number;
}

export function isEncodedMessage(value: unknown): value is EncodedMessage {
  return typeof value === 'object' && value !== null && typeof (value as EncodedMessage).json === 'string';
}

/** The engine's end, for `serve`: renderer messages arrive as the host relayed them (unchecked, like any peer's). */
export function enginePortTransport(port: MessagePort): Transport {
  return {
    send(message: RpcMessage) {
      const encoded: EncodedMessage = { json: encodeMessage(message), ...(message.t === 'result' ? { result: message.id } : {}) };
      port.postMessage(encoded);
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
