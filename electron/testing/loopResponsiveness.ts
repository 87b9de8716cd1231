/**
 * How responsive this process's event loop stayed, and how much its memory rose, while `work` ran: the
 * figures behind "opening a 50 MB message does not stall the engine". Delay is sampled by
 * monitorEventLoopDelay (10 ms resolution); the RSS peak is the kernel's high-water mark, so it also counts
 * the moments the loop was too busy to sample.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface Responsiveness<T> {
  result: T;
  ms: number;
  loopMaxMs: number;
  loopP99Ms: number;
  rssBeforeMiB: number;
  /** The process's RSS high-water mark after `work`, minus its RSS just before. */
  rssPeakRiseMiB: number;
}

const MiB = 1024 * 1024;

export async function measureResponsiveness<T>(work: () => Promise<T>): Promise<Responsiveness<T>> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  const rssBefore = process.memoryUsage.rss();
  const started = performance.now();
  histogram.enable();
  let result: T;
  try {
    result = await work();
  } finally {
    // A stall is recorded only when the next sample fires: give it the chance before stopping.
    await new Promise((resolve) => setTimeout(resolve, 50));
    histogram.disable();
  }
  const ms = performance.now() - started - 50;
  // The histogram counts the sampling interval itself (10 ms) in every delay.
  const lateness = (ns: number) => Math.max(0, ns / 1e6 - 10);
  return {
    result,
    ms,
    loopMaxMs: lateness(histogram.max),
    loopP99Ms: lateness(histogram.percentile(99)),
    rssBeforeMiB: rssBefore / MiB,
    rssPeakRiseMiB: Math.max(0, (process.resourceUsage().maxRSS * 1024 - rssBefore) / MiB),
  };
}
