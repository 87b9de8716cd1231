import { afterEach, describe, expect, it } from 'vitest';
import { StatusPoller } from './statusPoller';

const pollers: StatusPoller[] = [];
afterEach(async () => {
  while (pollers.length) await pollers.pop()?.stop();
});

/** A poller whose rounds are timestamped, with an interval the test changes as it goes. */
function poller(interval: { ms: number }) {
  const rounds: number[] = [];
  const instance = new StatusPoller({
    poll: async () => (rounds.push(Date.now()), []),
    intervalMs: () => interval.ms,
    onMailboxes: () => {},
    onChangedPaths: () => {},
    onPolled: () => {},
    onError: () => {},
  });
  pollers.push(instance);
  instance.start();
  return { instance, rounds };
}

const until = async (check: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 5));
  return check();
};

describe('StatusPoller', () => {
  it('a shorter interval takes effect at once, counted from the last poll, when rescheduled', async () => {
    const interval = { ms: 60_000 };
    const { instance, rounds } = poller(interval);
    expect(await until(() => rounds.length === 1)).toBe(true);
    interval.ms = 200;
    instance.reschedule();
    expect(await until(() => rounds.length === 2)).toBe(true);
    const gap = rounds[1]! - rounds[0]!;
    expect(gap).toBeGreaterThanOrEqual(190);
    expect(gap).toBeLessThan(1000);
  });

  it('without a reschedule, a longer interval keeps the wait; a reschedule with the same interval polls no sooner', async () => {
    const interval = { ms: 400 };
    const { instance, rounds } = poller(interval);
    expect(await until(() => rounds.length === 1)).toBe(true);
    instance.reschedule();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(rounds).toHaveLength(1);
    expect(await until(() => rounds.length === 2)).toBe(true);
    expect(rounds[1]! - rounds[0]!).toBeGreaterThanOrEqual(390);
  });

  it('pollNow does not wait at all', async () => {
    const { instance, rounds } = poller({ ms: 60_000 });
    expect(await until(() => rounds.length === 1)).toBe(true);
    instance.pollNow();
    expect(await until(() => rounds.length === 2, 500)).toBe(true);
  });
});
