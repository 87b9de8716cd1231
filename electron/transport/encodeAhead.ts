/**
 * An event payload encoded before it is sent. A sync's next delta is ready while the renderer still stores the
 * one before, but it may only be sent once that one is acknowledged: encoding it meanwhile (10–15 ms for 2000
 * headers, 60 ms when the thread waits for a core) takes that work off the path between the acknowledgement
 * and the next write. The payload must not change after `encodeAhead` (deltas never do).
 *
 * It is kept as UTF-8, the form every transport that carries JSON ends up sending: the engine's thread hands
 * the bytes to the host's thread without a copy (a transferred buffer), and a WebSocket sends them as they are.
 * As a string, the 0.75 MB of a delta was copied across threads and encoded again by the socket, 2–10 ms
 * between an acknowledgement and the next delta.
 */
import type { RpcMessage } from '../../shared/ipc/rpcMessage';

const encoded = new WeakMap<object, Uint8Array>();
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export function encodeAhead(payload: object): void {
  encoded.set(payload, utf8.encode(JSON.stringify(payload)));
}

function aheadOf(message: RpcMessage): Uint8Array | undefined {
  return message.t === 'event' && typeof message.payload === 'object' && message.payload !== null ? encoded.get(message.payload) : undefined;
}

/**
 * The message as UTF-8 JSON, in a buffer of its own (it may be transferred to another thread), with a
 * payload encoded ahead copied in as it is: the same bytes as JSON.stringify(message) encoded.
 */
export function encodeMessageBytes(message: RpcMessage): Uint8Array<ArrayBuffer> {
  const payload = aheadOf(message);
  if (payload === undefined) return utf8.encode(JSON.stringify(message));
  const head = utf8.encode(`{"t":"event","name":${JSON.stringify((message as { name: string }).name)},"payload":`);
  const bytes = new Uint8Array(head.length + payload.length + 1);
  bytes.set(head);
  bytes.set(payload, head.length);
  bytes[bytes.length - 1] = 0x7d; // }
  return bytes;
}

/** The message as JSON text: the same text as JSON.stringify(message), a payload encoded ahead included. */
export function encodeMessage(message: RpcMessage): string {
  return aheadOf(message) === undefined ? JSON.stringify(message) : fromUtf8.decode(encodeMessageBytes(message));
}
