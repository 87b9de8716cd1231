/** The renderer's side of the contract: a typed TernApi whose every method is a call over the transport. */
import { METHOD_NAMES, isEventName, type TernApi, type TernEvents, type EventName } from '../contract/api';
import { TernError } from '../contract/errors';
import { parseRpcMessage } from './rpcMessage';
import type { Transport } from './transport';

export interface TernClient {
  api: TernApi;
  on<E extends EventName>(name: E, handler: (payload: TernEvents[E]) => void): () => void;
  dispose(): void;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: TernError) => void;
}

export function createClient(transport: Transport): TernClient {
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const handlers = new Map<EventName, Set<(payload: never) => void>>();

  const stopMessages = transport.onMessage((raw) => {
    const message = parseRpcMessage(raw);
    if (!message) return;
    if (message.t === 'result') {
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(TernError.fromPayload(message.error));
    } else if (message.t === 'event' && isEventName(message.name)) {
      handlers.get(message.name)?.forEach((handler) => handler(message.payload as never));
    }
  });

  const failAll = () => {
    for (const waiter of pending.values()) waiter.reject(new TernError('DISCONNECTED', 'The connection to Tern’s engine was lost.'));
    pending.clear();
  };
  const stopClose = transport.onClose(failAll);

  const call = (method: string, args: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      transport.send({ t: 'call', id, method, args: args ?? {} });
    });

  const api = Object.fromEntries(
    METHOD_NAMES.map((method) => [method, (args: unknown) => call(method, args)]),
  ) as unknown as TernApi;

  return {
    api,
    on(name, handler) {
      let set = handlers.get(name);
      if (!set) handlers.set(name, (set = new Set()));
      set.add(handler as (payload: never) => void);
      return () => set.delete(handler as (payload: never) => void);
    },
    dispose() {
      stopMessages();
      stopClose();
      failAll();
    },
  };
}
