/**
 * CPU time by process over a window, read from /proc (Linux): how the two cores were shared while a full
 * sync ran, set beside the same for the limit's bulkPut. The sync is CPU-bound on this machine, and this is
 * what shows it in each run: Chromium's browser process (IndexedDB's writes), its renderer (the page), the
 * engine, Dovecot and the benchmark's own process (Playwright, the byte-counting proxy).
 *
 * Processes are sampled every 50 ms, so one that ends within a window (an IMAP session Dovecot closes) still
 * counts up to its last sample. Elsewhere than Linux it measures nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';

export type CpuByGroup = Record<string, number>;

export interface CpuMeter {
  /**
   * CPU ms per group between two moments (epoch ms, as Date.now), from the samples taken nearest outside
   * them: at most SAMPLE_MS more on each side.
   */
  between(fromMs: number, toMs: number): CpuByGroup;
  stop(): void;
}

const TICKS_PER_SECOND = 100;
const SAMPLE_MS = 50;
const SETTLE_MS = 3_000;

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
  // The engine as engineProcess.ts starts it (browser mode's host under tsx).
  if (cmdline.includes('electron/main/webMain.ts')) return 'engine';
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
  /** `initial`: the processes already running count from now; one born later, from its start. */
  const sample = (initial = false) => {
    if (!linux) return;
    const now = performance.now();
    for (const name of readdirSync('/proc')) {
      const pid = Number(name);
      if (!Number.isInteger(pid)) continue;
      const entry = seen.get(pid);
      // A new process may still change its title: Chromium's zygote forks renderers, a wrapper script execs.
      const settled = entry !== undefined && now - entry.since > SETTLE_MS;
      if (settled && entry.group === null) continue;
      const cpu = cpuMsOf(pid);
      if (cpu === null) continue;
      if (!entry) seen.set(pid, { group: groupOf(pid), since: now, from: initial ? cpu : 0, last: cpu });
      else {
        entry.last = cpu;
        if (!settled) entry.group = groupOf(pid) ?? entry.group;
      }
    }
    const totals: CpuByGroup = {};
    for (const entry of seen.values()) if (entry.group !== null) totals[entry.group] = (totals[entry.group] ?? 0) + entry.last - entry.from;
    history.push({ at: Date.now(), totals });
  };
  sample(true);
  const timer = setInterval(() => sample(), SAMPLE_MS);
  timer.unref();
  return {
    between(fromMs, toMs) {
      sample();
      const start = history.findLast((entry) => entry.at <= fromMs) ?? history[0];
      const end = history.find((entry) => entry.at >= toMs) ?? history.at(-1);
      const used: CpuByGroup = {};
      if (!start || !end) return used;
      for (const [group, ms] of Object.entries(end.totals)) used[group] = ms - (start.totals[group] ?? 0);
      return used;
    },
    stop: () => clearInterval(timer),
  };
}
