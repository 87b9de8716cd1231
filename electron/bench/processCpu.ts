/**
 * CPU time by process over a window, read from /proc (Linux): how the two cores were shared while a full
 * sync ran, set beside the same for the limit's bulkPut. The sync is CPU-bound on this machine, and this is
 * what shows it in each run: Chromium's browser process (IndexedDB's writes), its renderer (the page), the
 * engine, Dovecot and the benchmark's own process (Playwright, the byte-counting proxy).
 *
 * Processes are read every 100 ms, so one that ends within a window (an IMAP session Dovecot closes) still
 * counts up to its last reading. The meter's own cost is about 5 ms of CPU a second (the other processes of
 * the machine are not read once they are known not to count). Elsewhere than Linux it measures nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';

export type CpuByGroup = Record<string, number>;

export interface CpuMeter {
  /**
   * CPU ms per group between two moments (epoch ms, as Date.now), interpolated between the samples around
   * each: the kernel counts CPU in 10 ms ticks, and a process is read every SAMPLE_MS.
   */
  between(fromMs: number, toMs: number): CpuByGroup;
  stop(): void;
}

const TICKS_PER_SECOND = 100;
const SAMPLE_MS = 100;
const SETTLE_MS = 3_000;
const RECLASSIFY_EVERY = 3;

/** Which part of the benchmark's world a process is, or null for the rest of the machine. */
function groupOf(pid: number): string | null {
  if (pid === process.pid) return 'benchmark';
  let cmdline: string;
  let comm: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
  // The engine as engineProcess.ts starts it (browser mode's built host).
  if (cmdline.includes('out/main/webMain.js')) return 'engine';
  if (/chrom/i.test(cmdline.split(/[\0 ]/)[0] ?? '')) {
    const type = /--type=([\w-]+)/.exec(cmdline)?.[1];
    return type === undefined ? 'Chromium browser' : type === 'renderer' ? 'Chromium renderer' : 'Chromium other';
  }
  if (/^(dovecot|imap|imap-login|auth|anvil|log|config|lmtp|indexer)/.test(comm) && cmdline.includes('dovecot')) return 'Dovecot';
  return null;
}

function cpuMsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

export function startCpuMeter(): CpuMeter {
  const linux = process.platform === 'linux';
  /** Per process: its group, when it was first seen, the CPU it had when the meter started, and the latest reading. */
  const seen = new Map<number, { group: string | null; since: number; from: number; last: number }>();
  /** Each sample's time (epoch ms) and the CPU each group had used since the meter started. */
  const history: Array<{ at: number; totals: CpuByGroup }> = [];
  let samples = 0;
  /** `initial`: the processes already running count from now; one born later, from its start. */
  const sample = (initial = false) => {
    if (!linux) return;
    const now = performance.now();
    // A new process may still change its title (Chromium's zygote forks renderers, a wrapper script execs):
    // it is looked at again a few times a second while it is young. Others are read only if they count.
    const reclassify = ++samples % RECLASSIFY_EVERY === 0;
    for (const name of readdirSync('/proc')) {
      const pid = Number(name);
      if (!Number.isInteger(pid)) continue;
      const entry = seen.get(pid);
      if (!entry) {
        const cpu = cpuMsOf(pid);
        if (cpu !== null) seen.set(pid, { group: groupOf(pid), since: now, from: initial ? cpu : 0, last: cpu });
        continue;
      }
      if (reclassify && now - entry.since <= SETTLE_MS) entry.group = groupOf(pid) ?? entry.group;
      if (entry.group === null) continue;
      entry.last = cpuMsOf(pid) ?? entry.last;
    }
    const totals: CpuByGroup = {};
    for (const entry of seen.values()) if (entry.group !== null) totals[entry.group] = (totals[entry.group] ?? 0) + entry.last - entry.from;
    history.push({ at: Date.now(), totals });
  };
  /** Each group's CPU since the meter started, at `at`: interpolated between the samples around it. */
  const totalsAt = (at: number): CpuByGroup => {
    const after = history.findIndex((entry) => entry.at >= at);
    const next = history[after === -1 ? history.length - 1 : after]!;
    const previous = after > 0 ? history[after - 1]! : next;
    const share = next.at > previous.at ? (at - previous.at) / (next.at - previous.at) : 1;
    const totals: CpuByGroup = {};
    for (const [group, ms] of Object.entries(next.totals)) totals[group] = (previous.totals[group] ?? 0) + (ms - (previous.totals[group] ?? 0)) * Math.min(1, Math.max(0, share));
    return totals;
  };
  sample(true);
  const timer = setInterval(() => sample(), SAMPLE_MS);
  timer.unref();
  return {
    between(fromMs, toMs) {
      sample();
      const start = totalsAt(fromMs);
      const end = totalsAt(toMs);
      const used: CpuByGroup = {};
      for (const [group, ms] of Object.entries(end)) used[group] = ms - (start[group] ?? 0);
      return used;
    },
    stop: () => clearInterval(timer),
  };
}
