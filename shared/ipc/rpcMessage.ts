/** The wire format shared by every transport: a tagged union, checked on arrival because peers are untrusted. */
import type { ErrorPayload } from '../contract/errors';

export type RpcMessage =
  | { t: 'call'; id: number; method: string; args: unknown }
  | { t: 'result'; id: number; ok: true; value: unknown }
  | { t: 'result'; id: number; ok: false; error: ErrorPayload }
  | { t: 'event'; name: string; payload: unknown };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Returns the message if it has the shape of one, or null: a malformed message is dropped, never thrown on. */
export function parseRpcMessage(value: unknown): RpcMessage | null {
  if (!isRecord(value)) return null;
  switch (value.t) {
    case 'call':
      if (!isId(value.id) || typeof value.method !== 'string') return null;
      return { t: 'call', id: value.id, method: value.method, args: value.args };
    case 'result':
      if (!isId(value.id)) return null;
      if (value.ok === true) return { t: 'result', id: value.id, ok: true, value: value.value };
      if (value.ok === false && isRecord(value.error) && typeof value.error.code === 'string') {
        return {
          t: 'result',
          id: value.id,
          ok: false,
          error: { code: value.error.code as ErrorPayload['code'], message: String(value.error.message ?? '') },
        };
      }
      return null;
    case 'event':
      if (typeof value.name !== 'string') return null;
      return { t: 'event', name: value.name, payload: value.payload };
    default:
      return null;
  }
}
