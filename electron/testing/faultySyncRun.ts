/**
 * One initial sync of INBOX through a fault proxy, with faults injected on a seeded schedule and another
 * device (doveadm, or a second IMAP connection) changing the mailbox meanwhile; then one clean sync to catch
 * up. Shared by the CI test (electron/sync/faultySync.int.test.ts, a few thousand messages) and
 * `npm run reliability` (100k).
 */
import type { EngineHarness } from './engineHarness';
import type { Fault, FaultProxy } from './faultProxy';
import { seededRandom } from './hostileMessages';
import type { AnotherDevice } from './serverUnderTest';
import { plainMessage } from './testMessages';

export interface FaultySyncOptions {
  harness: EngineHarness;
  proxy: FaultProxy;
  /** Makes the changes "meanwhile"; it reaches the server directly, not through the proxy. */
  device: AnotherDevice;
  user: string;
  password: string;
  /** The mean time between two faults (each one is 0.7–1.3 times this apart). */
  faultEveryMs: number;
  /** Slows the server's side of the link, so that the sync lasts long enough to be hit often. */
  trickleBytesPerSecond: number | null;
  /** How often another device changes something during the sync (0: never). */
  changeEveryMs?: number;
  seed: number;
  onProgress?: (line: string) => void;
}

export interface FaultySyncReport {
  /** Faults injected while the initial sync ran, by kind. */
  faults: number;
  byKind: Record<Fault, number>;
  initialSyncMs: number;
  /** syncMailbox calls that failed in spite of the engine's own resuming, and had to be made again. */
  failedCalls: number;
  /** Messages delivered more than once. */
  duplicateDeliveries: number;
  /** Deltas that told the cache to drop everything, after the first. */
  restartsFromScratch: number;
  serverChanges: number;
  connections: number;
  messages: number;
  /** The cache after the catch-up sync, as "uid:flags" lines. */
  mirror: string[];
  peakRssMiB: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sleeps that `wakeAll()` ends at once, so the fault and change loops stop as soon as the sync is done. */
function interruptibleSleeps() {
  const waiting = new Set<() => void>();
  return {
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiting.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        waiting.add(done);
      }),
    wakeAll: () => [...waiting].forEach((wake) => wake()),
  };
}

export async function runFaultySync(options: FaultySyncOptions): Promise<FaultySyncReport> {
  const { harness, proxy, device, user, password } = options;
  const random = seededRandom(options.seed);
  const log = options.onProgress ?? (() => undefined);
  const server = { host: '127.0.0.1', port: proxy.port, security: 'none' as const, username: user };
  // Added without the connection test: no SMTP server is involved here.
  const { id: accountId } = await harness.engine.addAccount({ displayName: user, email: user, password, imap: server, smtp: { ...server, port: 9 } });

  const deliveries = new Map<number, number>();
  let resets = 0;
  let delivered = 0;
  const stopCounting = harness.client.on('mailboxChanged', (delta) => {
    if (delta.accountId !== accountId || delta.path !== 'INBOX') return;
    if (delta.reset) resets++;
    for (const header of delta.upserts) deliveries.set(header.uid, (deliveries.get(header.uid) ?? 0) + 1);
    delivered += delta.upserts.length;
  });

  proxy.trickle(options.trickleBytesPerSecond);
  const pause = interruptibleSleeps();
  let running = true;
  let faults = 0;
  const connectionsBefore = proxy.connections();
  const injector = (async () => {
    const kinds: Fault[] = ['cut', 'cutMidResponse', 'stall', 'refuse'];
    while (running) {
      await pause.sleep(options.faultEveryMs * (0.7 + 0.6 * random()));
      if (!running) break;
      const kind = kinds[Math.floor(random() * kinds.length)] ?? 'cut';
      faults++;
      log(`fault ${faults}: ${kind} (${delivered} delivered)`);
      if (kind === 'cut') proxy.cutAll();
      else if (kind === 'cutMidResponse') proxy.cutMidResponse();
      else if (kind === 'stall') {
        // Sometimes shorter than the command deadline (the link recovers), sometimes longer (it is cut).
        proxy.stall();
        await sleep(500 + random() * 2500);
        proxy.resume();
      } else {
        proxy.refuse(true);
        await sleep(500 + random() * 1500);
        proxy.refuse(false);
      }
    }
  })();

  let serverChanges = 0;
  let nextUid = 10_000_000;
  const changer = (async () => {
    if (!options.changeEveryMs) return;
    while (running) {
      await pause.sleep(options.changeEveryMs);
      if (!running) break;
      const top = (await device.uidNext('INBOX').catch(() => NaN)) - 1;
      // Never a change aimed at no message (it would fail, and the test would exercise less than it says).
      if (!(top >= 1)) throw new Error('another device could not read UIDNEXT of INBOX');
      const uid = String(1 + Math.floor(random() * top));
      const change = Math.floor(random() * 4);
      // A change that fails (the UID was expunged already) is simply not counted.
      const made =
        change === 0 ? device.addFlags('INBOX', uid, ['\\Flagged'])
        : change === 1 ? device.removeFlags('INBOX', uid, ['\\Seen'])
        : change === 2 ? device.expunge('INBOX', uid)
        : device.append('INBOX', plainMessage(nextUid++, { subject: 'arrived during the sync', date: new Date() }));
      if (await made.then(() => true, () => false)) serverChanges++;
    }
  })();

  const started = Date.now();
  let failedCalls = 0;
  try {
    for (;;) {
      try {
        await harness.sync(accountId, 'INBOX');
        break;
      } catch (error) {
        // What the renderer does: the next push, poll or reconnect makes it ask again.
        failedCalls++;
        log(`syncMailbox failed (${(error as Error).message}); asking again`);
        if (failedCalls > 30) throw error;
        await sleep(1000);
      }
    }
  } finally {
    running = false;
    pause.wakeAll();
    await Promise.all([injector, changer]);
    proxy.resume();
    proxy.refuse(false);
    proxy.trickle(null);
  }
  const initialSyncMs = Date.now() - started;
  const connections = proxy.connections() - connectionsBefore;
  log(`initial sync done in ${initialSyncMs} ms with ${faults} faults; catching up`);
  // The changes made during the fill are the next sync's to pick up, as they would be in the app.
  await harness.sync(accountId, 'INBOX');
  stopCounting();
  const mirror = harness.mirror.snapshot(accountId, 'INBOX');
  return {
    faults,
    byKind: proxy.injected(),
    initialSyncMs,
    failedCalls,
    duplicateDeliveries: [...deliveries.values()].filter((times) => times > 1).length,
    restartsFromScratch: Math.max(0, resets - 1),
    serverChanges,
    connections,
    messages: mirror.length,
    mirror,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
