/** The benchmark's figures, their targets, and the table printed for people. */

/** One object per mailbox size in `--json FILE`: exactly these keys. */
export interface SizeResult {
  mailboxSize: number;
  limitMs: number;
  firstWindowMs: number;
  fullSyncMs: number;
  resyncUnchangedMs: number;
  resyncUnchangedBytes: number;
  resync100FlagsMs: number;
  resync100FlagsBytes: number;
  mainRssMaxMiB: number;
  mainEventLoopP99Ms: number;
}

/** A resync as the page saw it: call → its delta arrived → stored and acknowledged → the call returned. */
export interface ResyncPhases {
  engineMs: number;
  storeMs: number;
  returnMs: number;
}

const phases = (p: ResyncPhases) => `engine ${fmt(p.engineMs)} + page store ${fmt(p.storeMs)} + return ${fmt(p.returnMs)}`;

/** What explains the figures: printed under the table, never in the JSON. */
export interface SizeDetails {
  mailboxBytes: number;
  generateMs: number;
  fetchColdMs: number;
  fetchWarmMs: number[];
  fetchDirectMs: number;
  fetchBytes: number;
  bulkPutMs: number[];
  /** Every measured full sync; the lines below them describe the median one. */
  fullSyncRuns: Array<{ fullSyncMs: number; firstWindowMs: number; rssMaxMiB: number; eventLoopP99Ms: number; idleLoopP99Ms: number }>;
  pageToFirstWindowMs: number;
  /** From the commit that completed the mailbox (its acknowledgement) to the poll that confirmed it. */
  fullConfirmedAfterMs: number;
  pageToFirstRowShownMs: number | null;
  fullSyncServerBytes: number;
  /** The full sync's deltas as the page saw them: time storing (arrival → ack) and waiting (ack → next arrival). */
  pipeline: { deltas: number; firstDeltaMs: number; storingMs: number; waitingMs: number; largestDeltaChars: number; slowestStoreMs: number };
  /** CPU ms by process: over the median full sync (its call to its last commit), and over the middle limit bulkPut. */
  cpu: { fullSync: Record<string, number>; fullSyncWallMs: number; bulkPut: Record<string, number>; bulkPutWallMs: number };
  engine: { rssNowMiB: number; eventLoopP50Ms: number; eventLoopMaxMs: number; windowMs: number; engineThread: { p50Ms: number; p99Ms: number; maxMs: number } | null };
  resyncUnchangedRuns: Array<{ ms: number; bytes: number } & ResyncPhases>;
  flags: ResyncPhases & { trigger: 'push' | 'click'; changed: number; applied: number; watcherBytes: number; pushToCachedMs: number; extraSyncs: number };
  notes: string[];
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

type Check = (result: SizeResult) => { target: string; pass: boolean } | null;

const ROWS: Array<{ key: keyof SizeResult; unit: string; check: Check }> = [
  { key: 'limitMs', unit: 'ms', check: () => null },
  { key: 'fullSyncMs', unit: 'ms', check: (r) => ({ target: `≤ 1.3 × limit = ${fmt(1.3 * r.limitMs)}`, pass: r.fullSyncMs <= 1.3 * r.limitMs }) },
  { key: 'firstWindowMs', unit: 'ms', check: (r) => ({ target: '< 1000', pass: r.firstWindowMs < 1000 }) },
  { key: 'resyncUnchangedMs', unit: 'ms', check: (r) => ({ target: '< 100', pass: r.resyncUnchangedMs < 100 }) },
  { key: 'resyncUnchangedBytes', unit: 'B', check: (r) => ({ target: '< 1024', pass: r.resyncUnchangedBytes < 1024 }) },
  { key: 'resync100FlagsMs', unit: 'ms', check: () => null },
  { key: 'resync100FlagsBytes', unit: 'B', check: () => null },
  { key: 'mainRssMaxMiB', unit: 'MiB', check: (r) => ({ target: '< 250', pass: r.mainRssMaxMiB < 250 }) },
  { key: 'mainEventLoopP99Ms', unit: 'ms', check: (r) => ({ target: '< 50', pass: r.mainEventLoopP99Ms < 50 }) },
];

export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => [...(row[column] ?? '')].length)));
  const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** Sizes side by side; each figure with its target (or, for fullSyncMs, its limit) and PASS/FAIL. */
export function formatTable(results: SizeResult[]): string {
  const header = ['figure', ...results.flatMap((r) => [`${r.mailboxSize.toLocaleString('en-US')} msgs`, 'target', ''])];
  const rows = ROWS.map(({ key, unit, check }) => [
    `${key} (${unit})`,
    ...results.flatMap((result) => {
      const verdict = check(result);
      return [fmt(result[key]), verdict?.target ?? '—', verdict ? (verdict.pass ? 'PASS' : 'FAIL') : ''];
    }),
  ]);
  return table([header, ...rows]);
}

function cpuList(cpu: Record<string, number>): string {
  const entries = Object.entries(cpu).filter(([, ms]) => ms > 0).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return 'not measured (Linux only)';
  const total = entries.reduce((sum, [, ms]) => sum + ms, 0);
  return `${entries.map(([group, ms]) => `${group} ${fmt(ms)}`).join(', ')} (total ${fmt(total)})`;
}

export function formatDetails(result: SizeResult, d: SizeDetails): string {
  const list = (values: number[]) => values.map(fmt).join(', ');
  const lines = [
    `${result.mailboxSize.toLocaleString('en-US')} messages (${fmt(d.mailboxBytes / 2 ** 20)} MiB of mail, generated and indexed in ${fmt(d.generateMs)} ms):`,
    `  limit: max(bare-socket UID FETCH ${fmt(median(d.fetchWarmMs))} ms [runs ${list(d.fetchWarmMs)}; cold ${fmt(d.fetchColdMs)}; without the proxy ${fmt(d.fetchDirectMs)}; ${fmt(d.fetchBytes / 2 ** 20)} MiB],` +
      ` Dexie bulkPut ${fmt(median(d.bulkPutMs))} ms [runs ${list(d.bulkPutMs)}])`,
    `  full syncs (each in a new window with an empty cache), ms: ${list(d.fullSyncRuns.map((r) => r.fullSyncMs))}; first window ${list(d.fullSyncRuns.map((r) => r.firstWindowMs))};` +
      ` engine RSS peak ${list(d.fullSyncRuns.map((r) => r.rssMaxMiB))} MiB; main thread's event-loop p99 ${list(d.fullSyncRuns.map((r) => r.eventLoopP99Ms))} ms` +
      ` (an idle Node process meanwhile: ${list(d.fullSyncRuns.map((r) => r.idleLoopP99Ms))} ms)`,
    `  the median full sync: ${fmt(d.fullSyncServerBytes / 2 ** 20)} MiB read from the server; confirmed by a poll ${fmt(d.fullConfirmedAfterMs)} ms after its last commit; page load → newest 50 cached ${fmt(d.pageToFirstWindowMs)} ms;` +
      ` page load → first message row on screen ${d.pageToFirstRowShownMs === null ? 'never' : `${fmt(d.pageToFirstRowShownMs)} ms`}`,
    `  pipeline: ${d.pipeline.deltas} deltas (largest ${fmt(d.pipeline.largestDeltaChars / 2 ** 20)} MiB of JSON); first delta ${fmt(d.pipeline.firstDeltaMs)} ms after the call;` +
      ` page storing (arrival → ack) ${fmt(d.pipeline.storingMs)} ms in all (slowest ${fmt(d.pipeline.slowestStoreMs)} ms); page waiting for the engine (ack → next delta) ${fmt(d.pipeline.waitingMs)} ms in all`,
    `  engine process during the full sync (${fmt(d.engine.windowMs)} ms): RSS at the end ${fmt(d.engine.rssNowMiB)} MiB; main thread's event-loop delay p50 ${fmt(d.engine.eventLoopP50Ms)} ms, max ${fmt(d.engine.eventLoopMaxMs)} ms` +
      (d.engine.engineThread ? `; engine thread's p50 / p99 / max ${fmt(d.engine.engineThread.p50Ms)} / ${fmt(d.engine.engineThread.p99Ms)} / ${fmt(d.engine.engineThread.maxMs)} ms` : ''),
    `  CPU by process (ms; 2 cores give twice the wall time): the median full sync (${fmt(d.cpu.fullSyncWallMs)} ms): ${cpuList(d.cpu.fullSync)};` +
      ` one limit bulkPut (${fmt(d.cpu.bulkPutWallMs)} ms): ${cpuList(d.cpu.bulkPut)}`,
    `  unchanged resync runs (ms / bytes): ${d.resyncUnchangedRuns.map((r) => `${fmt(r.ms)} / ${r.bytes}`).join(', ')}`,
    `    phases (ms): ${d.resyncUnchangedRuns.map((r) => `[${phases(r)}]`).join(', ')}`,
    `  100-flag resync: triggered by ${d.flags.trigger === 'push' ? "the watcher's IDLE push" : 'a click on Inbox'}; ${d.flags.applied}/${d.flags.changed} changes in the cache` +
      ` ${fmt(d.flags.pushToCachedMs)} ms after doveadm returned; ${phases(d.flags)} ms; ${d.flags.watcherBytes} B pushed to the watcher (not counted); ${d.flags.extraSyncs} extra sync(s) after it`,
    ...d.notes.map((note) => `  note: ${note}`),
  ];
  return lines.join('\n');
}
