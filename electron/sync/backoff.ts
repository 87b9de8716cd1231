/**
 * Reconnect delays: exponential with jitter, so a server coming back is not hit by every client at once
 * (and not by every account of ours at the same instant either). A wait can be cut short by `wake()`.
 */
export interface BackoffPolicy {
  baseMinMs: number;
  baseMaxMs: number;
  factor: number;
  capMs: number;
  jitterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMinMs: 1000, baseMaxMs: 3000, factor: 1.5, capMs: 30_000, jitterMs: 1000 };

export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const base = policy.baseMinMs + (policy.baseMaxMs - policy.baseMinMs) * random();
  const grown = Math.min(policy.capMs, base * policy.factor ** Math.max(0, attempt));
  const jitter = (random() * 2 - 1) * policy.jitterMs;
  return Math.max(policy.baseMinMs / 2, Math.round(grown + jitter));
}

/** A sleep that `wake()` ends early; used between reconnect attempts and between polls. */
export class WakeableSleep {
  private wakeCurrent: (() => void) | null = null;

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wakeCurrent === done) this.wakeCurrent = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeCurrent = done;
    });
  }

  wake(): void {
    this.wakeCurrent?.();
  }
}
