import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF, WakeableSleep } from './backoff';

describe('backoffDelay', () => {
  it('grows by the factor from a 1–3 s base and stays under the cap plus jitter', () => {
    const mid = () => 0.5; // base 2 s, no jitter
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, DEFAULT_BACKOFF, mid))).toEqual([2000, 3000, 4500, 6750]);
    expect(backoffDelay(50, DEFAULT_BACKOFF, mid)).toBe(30_000);
    for (let i = 0; i < 1000; i++) {
      const delay = backoffDelay(i % 20);
      expect(delay).toBeGreaterThanOrEqual(500);
      expect(delay).toBeLessThanOrEqual(31_000);
    }
  });

  it('spreads simultaneous clients apart', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(0)));
    expect(delays.size).toBeGreaterThan(40);
  });
});

describe('WakeableSleep', () => {
  it('ends a long sleep at once when woken', async () => {
    const sleeper = new WakeableSleep();
    const started = Date.now();
    const sleeping = sleeper.sleep(60_000);
    setTimeout(() => sleeper.wake(), 20);
    await sleeping;
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
