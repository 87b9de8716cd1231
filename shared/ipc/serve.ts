/**
 * The engine's side of the contract: answers calls on one transport connection with a TernApi built for that
 * connection (so events reach the right peer). Only allow-listed method names are ever looked up.
 */
import { isEventName, isMethodName, type EventName, type TernApi, type TernEvents } from '../contract/api';
import { TernError, type ErrorPayload } from '../contract/errors';
import { parseRpcMessage } from './rpcMessage';
import type { Transport } from './transport';

export type EmitEvent = <E extends EventName>(name: E, payload: TernEvents[E]) => void;

export interface Connection {
  api: TernApi;
  /** Called once when the peer goes away, so per-connection work (syncs waiting for acks) can stop. */
  close(): void;
}

export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof TernError) return error.toPayload();
  return { code: 'INTERNAL', message: 'Something went wrong inside Tern. The details are in the engine log.' };
}

export function serve(
  transport: Transport,
  connect: (emit: EmitEvent) => Connection,
  onInternalError: (error: unknown) => void = () => {},
): () => void {
  let closed = false;
  const emit: EmitEvent = (name, payload) => {
    if (!closed && isEventName(name)) transport.send({ t: 'event', name, payload });
  };
  const connection = connect(emit);

  const stopMessages = transport.onMessage((raw) => {
    const message = parseRpcMessage(raw);
    if (!message || message.t !== 'call') return;
    const { id, method, args } = message;
    if (!isMethodName(method)) {
      transport.send({ t: 'result', id, ok: false, error: { code: 'UNKNOWN_METHOD', message: `No such method: ${method.slice(0, 64)}` } });
      return;
    }
    const handler = connection.api[method] as (args: unknown) => Promise<unknown>;
    Promise.resolve()
      .then(() => handler.call(connection.api, args))
      .then(
        (value) => !closed && transport.send({ t: 'result', id, ok: true, value: value ?? null }),
        (error: unknown) => {
          if (!(error instanceof TernError)) onInternalError(error);
          if (!closed) transport.send({ t: 'result', id, ok: false, error: toErrorPayload(error) });
        },
      );
  });

  const shutdown = () => {
    if (closed) return;
    closed = true;
    stopMessages();
    stopClose();
    connection.close();
  };
  const stopClose = transport.onClose(shutdown);
  return shutdown;
}
