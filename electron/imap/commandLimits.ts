/**
 * Limits per IMAP command that imapflow does not have. Its socket timeout restarts with every byte, so a
 * server that drips one byte a second keeps a command pending forever; and it collects every response of a
 * command in memory, so a server can flood one LIST or FETCH without end. Here each command (IDLE aside: it
 * is meant to last) must finish within a window or keep data moving at a real rate, and may receive at most
 * a byte budget. Breaking either closes the connection, and the command fails with a TernError saying which.
 */
import { TernError } from '../../shared/contract/errors';
import type { ImapClient } from './imapClient';

export interface CommandLimits {
  /** A command still running after a window must have moved `minBytesPerWindow` in that window. */
  windowMs: number;
  minBytesPerWindow: number;
  /** Bytes one command may receive: what it collects is held in memory until it completes. */
  maxBytes: number;
}

export const DEFAULT_COMMAND_LIMITS: CommandLimits = {
  windowMs: 60_000,
  // 1 MiB a minute (~17 KiB/s): a large message on a slow link passes, a drip does not.
  minBytesPerWindow: 1024 * 1024,
  // A LIST of 100k folders with their status is ~15 MB, UID SEARCH ALL of 1M messages ~7 MB.
  maxBytes: 32 * 1024 * 1024,
};

const CHECK_EVERY_MS = 20;

interface GuardState {
  limits: CommandLimits;
  failure: TernError | null;
  /** What imapflow's parser gave up on (an endless line, a huge literal): it closes the connection with it. */
  streamError: unknown;
}

const guarded = new WeakMap<ImapClient, GuardState>();

type Exec = (command: string, attributes?: unknown, options?: unknown) => Promise<unknown>;

/** Installs the limits on a client before it connects (the greeting's CAPABILITY and LOGIN are commands too). */
export function guardCommands(client: ImapClient, limits: CommandLimits, where: string): void {
  const target = client as unknown as { exec?: Exec };
  const exec = target.exec;
  // exec() is imapflow's internal funnel for every command; fail loudly if an upgrade removes it.
  if (typeof exec !== 'function') throw new Error('imapflow has no exec(): the per-command limits cannot be installed');
  const state: GuardState = { limits, failure: null, streamError: null };
  guarded.set(client, state);
  // The command in flight then fails only with "connection not available"; keep the reason.
  client.on('error', (error: unknown) => {
    state.streamError ??= error;
  });
  target.exec = function guardedExec(command, attributes, options) {
    const running = exec.call(client, command, attributes, options);
    if (String(command).toUpperCase() === 'IDLE') return running;
    return watch(client, state, running, String(command), where);
  };
}

/**
 * Why a connection was closed under its commands, if it was: a limit broken here (a TernError) or the error
 * imapflow's parser stopped on. Errors raised after that only echo the close ("connection not available").
 */
export function whyClosed(client: ImapClient): unknown {
  const state = guarded.get(client);
  return state?.failure ?? state?.streamError ?? null;
}

/** Runs `work` with other limits (a message body of known size may be larger than the default budget). */
export async function withCommandLimits<T>(client: ImapClient, change: Partial<CommandLimits>, work: () => Promise<T>): Promise<T> {
  const state = guarded.get(client);
  if (!state) return work();
  const before = state.limits;
  state.limits = { ...before, ...change };
  try {
    return await work();
  } finally {
    state.limits = before;
  }
}

function moved(client: ImapClient): { received: number; total: number } {
  const { sent, received } = client.stats();
  return { received, total: sent + received };
}

function watch(client: ImapClient, state: GuardState, running: Promise<unknown>, command: string, where: string): Promise<unknown> {
  const limits = state.limits;
  const start = moved(client);
  let windowStart = start.total;
  let windowEnds = Date.now() + limits.windowMs;
  return new Promise((resolve, reject) => {
    const fail = (error: TernError) => {
      clearInterval(timer);
      state.failure ??= error;
      reject(error);
      client.close();
    };
    const timer = setInterval(() => {
      const now = moved(client);
      if (now.received - start.received > limits.maxBytes) {
        return fail(
          new TernError(
            'PROTOCOL_ERROR',
            `The ${where} sent more than ${Math.round(limits.maxBytes / 1048576)} MB in answer to one ${command} command, which no mail server needs; Tern stopped reading and closed the connection.`,
          ),
        );
      }
      if (Date.now() < windowEnds) return;
      if (now.total - windowStart < limits.minBytesPerWindow) {
        return fail(
          new TernError(
            'TIMEOUT',
            `The ${where} did not finish a ${command} command within ${limits.windowMs / 1000} s and was sending almost nothing; Tern closed the connection and will try again.`,
          ),
        );
      }
      windowStart = now.total;
      windowEnds = Date.now() + limits.windowMs;
    }, Math.min(CHECK_EVERY_MS, limits.windowMs));
    timer.unref?.();
    running.then(
      (value) => {
        clearInterval(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearInterval(timer);
        reject(state.failure ?? error);
      },
    );
  });
}
