/**
 * The flow control of a sync, kept next to the renderer: a delta leaves only once the renderer has
 * acknowledged the one before it. The engine hands over the next delta as soon as it is ready, marked with the
 * delta it must wait for (`holdUntilAcknowledged`), and the host's end of the connection sends it the moment
 * that acknowledgement passes through. Before, the acknowledgement crossed to the engine's thread and the next
 * delta came back from there; that thread is busy parsing FETCH responses in stretches of 20 ms and more (far
 * more when it waits for a core), and IndexedDB had nothing to write for that long between two deltas.
 *
 * An acknowledgement that refuses the delta (a full disk) drops what waits for it: the engine ends that sync.
 */
import { parseRpcMessage, type RpcMessage } from '../../shared/ipc/rpcMessage';
import type { Transport } from '../../shared/ipc/transport';

const heldUntil = new WeakMap<object, number>();

/** Marks an event payload to be sent only after the renderer has acknowledged delta `deltaId`. */
export function holdUntilAcknowledged(payload: object, deltaId: number): void {
  heldUntil.set(payload, deltaId);
}

/** The delta a message must wait for, if its payload was marked. */
export function acknowledgementAwaited(message: RpcMessage): number | undefined {
  return message.t === 'event' && typeof message.payload === 'object' && message.payload !== null ? heldUntil.get(message.payload) : undefined;
}

/** What an incoming message says about a delta, if it is the renderer's acknowledgement of one. */
export function acknowledgementIn(message: RpcMessage | null): { deltaId: number; refused: boolean } | null {
  if (message?.t !== 'call' || message.method !== 'acknowledgeDelta') return null;
  const args = message.args as { deltaId?: unknown; error?: unknown } | null;
  if (typeof args !== 'object' || args === null || typeof args.deltaId !== 'number') return null;
  return { deltaId: args.deltaId, refused: args.error !== undefined && args.error !== null };
}

/** Acknowledgements remembered for deltas whose successor has not arrived yet (the engine fell behind). */
const REMEMBERED = 64;

export class DeltaGate<M> {
  private readonly waiting = new Map<number, M>();
  private readonly answered = new Map<number, boolean>();

  constructor(private readonly release: (message: M) => void) {}

  /** Sends `message` now, or once delta `after` is acknowledged. */
  send(message: M, after: number | undefined): void {
    if (after === undefined) return this.release(message);
    const refused = this.answered.get(after);
    if (refused === undefined) {
      this.waiting.set(after, message);
      return;
    }
    this.answered.delete(after);
    if (!refused) this.release(message);
  }

  /** The renderer answered delta `deltaId` (after its answer has gone on to the engine). */
  acknowledged(deltaId: number, refused: boolean): void {
    const message = this.waiting.get(deltaId);
    if (message === undefined) {
      this.answered.set(deltaId, refused);
      if (this.answered.size > REMEMBERED) this.answered.delete(this.answered.keys().next().value!);
      return;
    }
    this.waiting.delete(deltaId);
    if (!refused) this.release(message);
  }

  /** The connection is gone: nothing more is sent. */
  clear(): void {
    this.waiting.clear();
    this.answered.clear();
  }
}

/**
 * `transport` with the gate in front of it, for an engine served on the caller's thread (tests): the deltas it
 * is given ahead wait here instead of in the host's relay, so every host keeps the same order.
 */
export function gateDeltas(transport: Transport): Transport {
  const gate = new DeltaGate<RpcMessage>((message) => transport.send(message));
  return {
    send: (message) => gate.send(message, acknowledgementAwaited(message)),
    onMessage: (listener) =>
      transport.onMessage((message) => {
        listener(message);
        const acknowledgement = acknowledgementIn(parseRpcMessage(message));
        if (acknowledgement) gate.acknowledged(acknowledgement.deltaId, acknowledgement.refused);
      }),
    onClose: (listener) =>
      transport.onClose(() => {
        gate.clear();
        listener();
      }),
  };
}
