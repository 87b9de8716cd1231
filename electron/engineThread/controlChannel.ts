/**
 * Requests between the engine's thread and the thread that hosts it, over the worker's own port: each side
 * answers the operations in its handler table and can ask the other for those in the other's. A TernError
 * crosses as itself (code and message, as the contract would carry it); any other error as a plain Error with
 * its message, so a failure means on one side what it meant on the other.
 */
import type { TransferListItem } from 'node:worker_threads';
import { TernError, type ErrorPayload } from '../../shared/contract/errors';

/** Operation name → [argument, result]. */
export type Operations = Record<string, [unknown, unknown]>;

export type Handlers<Ops extends Operations> = { [Op in keyof Ops]: (args: Ops[Op][0]) => Ops[Op][1] | Promise<Ops[Op][1]> };

/** The parts of a worker_threads MessagePort, or Worker, that the channel uses. */
export interface ControlPort {
  postMessage(value: unknown, transferList?: readonly TransferListItem[]): void;
  on(event: 'message', listener: (value: unknown) => void): unknown;
  off(event: 'message', listener: (value: unknown) => void): unknown;
}

type Message =
  | { c: 'req'; id: number; op: string; args: unknown }
  | { c: 'res'; id: number; ok: true; value: unknown }
  | { c: 'res'; id: number; ok: false; error: ErrorPayload; tern: boolean };

export interface ControlChannel<Remote extends Operations> {
  /** `transfer`: objects moved to the other thread with the message (a MessagePort for a new connection). */
  request<Op extends keyof Remote & string>(op: Op, args: Remote[Op][0], transfer?: readonly TransferListItem[]): Promise<Remote[Op][1]>;
  /** Rejects what is still waiting for an answer (the other thread is gone) and stops listening. */
  close(reason: string): void;
}

function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && ((value as Message).c === 'req' || (value as Message).c === 'res');
}

export function createControlChannel<Local extends Operations, Remote extends Operations>(port: ControlPort, handlers: Handlers<Local>): ControlChannel<Remote> {
  let nextId = 1;
  let closedReason: string | null = null;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  const answer = (id: number, run: () => unknown) => {
    Promise.resolve()
      .then(run)
      .then(
        (value) => port.postMessage({ c: 'res', id, ok: true, value } satisfies Message),
        (error: unknown) => {
          const tern = error instanceof TernError;
          const payload: ErrorPayload = tern ? error.toPayload() : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
          port.postMessage({ c: 'res', id, ok: false, error: payload, tern } satisfies Message);
        },
      );
  };

  const listener = (value: unknown) => {
    if (!isMessage(value)) return;
    if (value.c === 'req') {
      const handler = Object.hasOwn(handlers, value.op) ? (handlers[value.op] as (args: unknown) => unknown) : undefined;
      answer(value.id, () => {
        if (!handler) throw new Error(`No such operation: ${value.op}`);
        return handler(value.args);
      });
      return;
    }
    const waiter = waiting.get(value.id);
    if (!waiter) return;
    waiting.delete(value.id);
    if (value.ok) waiter.resolve(value.value);
    else waiter.reject(value.tern ? TernError.fromPayload(value.error) : new Error(value.error.message));
  };
  port.on('message', listener);

  return {
    request(op, args, transfer) {
      if (closedReason !== null) return Promise.reject(new TernError('DISCONNECTED', closedReason));
      return new Promise((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
        port.postMessage({ c: 'req', id, op, args } satisfies Message, transfer);
      });
    },
    close(reason) {
      if (closedReason !== null) return;
      closedReason = reason;
      port.off('message', listener);
      for (const waiter of waiting.values()) waiter.reject(new TernError('DISCONNECTED', reason));
      waiting.clear();
    },
  };
}
