/**
 * The largest message each account's SMTP server takes, as main has learned it: from the SIZE in the EHLO
 * answer when the account's settings are tested (add, edit), from a send refused for its size, and otherwise
 * by asking the server once (EHLO only) the first time the composer wants to know. Kept in memory: it is
 * cheap to learn again, and a server may change it.
 */
import type { AccountRuntime } from '../services/accountRuntime';
import type { EngineCore } from '../services/engineCore';
import { readSizeLimit, sizeFromCapabilities } from '../smtp/readSizeLimit';

/** How long a limit (or "none announced") is trusted before the server is asked again. */
const FRESH_MS = 6 * 3_600_000;

export class SendLimits {
  private readonly known = new Map<string, { bytes: number | null; at: number }>();
  private readonly asking = new Map<string, Promise<number | null>>();

  learn(accountId: string, bytes: number | null): void {
    this.known.set(accountId, { bytes, at: Date.now() });
  }

  learnFromCheck(accountId: string, capabilities: readonly string[]): void {
    this.learn(accountId, sizeFromCapabilities(capabilities));
  }

  forget(accountId: string): void {
    this.known.delete(accountId);
  }

  /** The limit in bytes; null when the server names none or cannot be reached now (nothing to warn about). */
  async limitFor(runtime: AccountRuntime): Promise<number | null> {
    const accountId = runtime.account.id;
    const entry = this.known.get(accountId);
    if (entry && Date.now() - entry.at < FRESH_MS) return entry.bytes;
    let asking = this.asking.get(accountId);
    if (!asking) {
      asking = readSizeLimit(runtime.account.smtp)
        .then((bytes) => (this.learn(accountId, bytes), bytes))
        .catch(() => entry?.bytes ?? null)
        .finally(() => this.asking.delete(accountId));
      this.asking.set(accountId, asking);
    }
    return asking;
  }
}

const engines = new WeakMap<object, SendLimits>();

export function sendLimitsOf(core: EngineCore): SendLimits {
  let limits = engines.get(core);
  if (!limits) engines.set(core, (limits = new SendLimits()));
  return limits;
}
