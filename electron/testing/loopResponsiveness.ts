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
  /**
   * The highest RSS sampled (every 10 ms) while `work` ran, minus the RSS just before: unlike the high-water
   * mark, this also tells a step that stays below an earlier step's peak.
   */
  rssSampledRiseMiB: number;
}

const MiB = 1024 * 1024;

export async function measureResponsiveness<T>(work: () => Promise<T>): Promise<Responsiveness<T>> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  const rssBefore = process.memoryUsage.rss();
  let rssSampled = rssBefore;
  const sampler = setInterval(() => (rssSampled = Math.max(rssSampled, process.memoryUsage.rss())), 10);
  const started = performance.now();
  histogram.enable();
  let result: T;
  try {
    result = await work();
  } finally {
    // A stall is recorded only when the next sample fires: give it the chance before stopping.
    await new Promise((resolve) => setTimeout(resolve, 50));
    histogram.disable();
    clearInterval(sampler);
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
    rssSampledRiseMiB: Math.max(0, (rssSampled - rssBefore) / MiB),
  };
}
