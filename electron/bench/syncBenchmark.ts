/**
 * `npm run bench:sync [-- --sizes 10000,100000] [-- --json FILE]`: how fast Tern fills and refreshes its cache
 * from a large INBOX, next to what this machine could do at best. Per size, from nothing (a fresh Dovecot, a
 * freshly generated mailbox, a fresh engine and browser profile; nothing is cached across runs):
 *
 * - limitMs: the slower of a bare-socket `UID FETCH 1:*` of the items Tern asks for (bytes only counted;
 *   median of 3 warm runs) and one plain Dexie `bulkPut` of Tern's own rows into a separate IndexedDB
 *   database of the same page (median of 3, one in each full sync's window right after that sync).
 * - firstWindowMs / fullSyncMs: from the `syncMailbox` call of a page that opens with an empty cache (browser
 *   mode, real Chromium, IndexedDB on disk) until the newest 50 / all rows and the cursor are committed; the
 *   median of 3 such windows, one after the other (`--full-syncs N` for another count).
 * - resyncUnchanged*: a click on Inbox with nothing changed (median of 5); resync100Flags*: the sync that
 *   follows `doveadm flags add \Flagged` on 100 messages. Bytes are those read from the server through a
 *   counting proxy: for the unchanged resync on every connection (it may be answered on the IDLE watcher's),
 *   for the 100-flag one on every connection but the watcher's (what IDLE pushes is not the resync's).
 * - mainRssMaxMiB / mainEventLoopP99Ms: the engine process during the full syncs (webMain `--stats-file`): its
 *   highest RSS, and the median p99 delay of its main thread's event loop (the one that serves the page; the engine has a thread
 *   of its own, whose delay the details line shows beside it).
 *
 * Prints a table with targets and PASS/FAIL; exits 0 whatever the figures (it is a measurement), 1 on errors.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DOVECOT_BIN, startPrivateDovecot, type PrivateDovecot } from '../demo/privateDovecot';
import { startSmtpRelay, type SmtpRelay } from '../smtp/lmtpRelay';
import { addAccountThroughForm, CHROMIUM, inboxButton, openAppBrowser, probe, waitForProbe, type AppBrowser } from './appDriver';
import { bareFetch } from './bareFetch';
import { startCountingProxy, type CountingProxy } from './countingProxy';
import { startEngineProcess, type EngineProcess, type EngineStats } from './engineProcess';
import { generateMailbox } from './generateMailbox';
import { startIdleLoopProbe, type IdleLoopProbe } from './idleLoopProbe';
import { startCpuMeter, type CpuByGroup, type CpuMeter } from './processCpu';
import { bulkPutScript, loadRowsScript, probeScript, type ProbeState, type SyncCall } from './pageScripts';
import { formatDetails, formatTable, median, type SizeDetails, type SizeResult } from './report';

const USER = 'alice@example.test';
const PASSWORD = 'bench-secret-pw';
const FIRST_WINDOW = 50;
const FULL_SYNC_TIMEOUT_MS = 30 * 60_000;
/** Full syncs per size (`--full-syncs N`): the figures are their medians, like the limit's. */
const DEFAULT_FULL_SYNCS = 3;

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * TERN_BENCH_PAGE_PROFILE=DIR: a CPU profile of the page's main thread over the full sync, written to
 * DIR/page-SIZE.cpuprofile (open it in Chromium's DevTools). For diagnosis, like TERN_BENCH_ENGINE_NODE_ARGS.
 */
async function startPageProfile(page: AppBrowser['page']): Promise<((name: string) => Promise<void>) | undefined> {
  const dir = process.env.TERN_BENCH_PAGE_PROFILE;
  if (!dir) return undefined;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  return async (name) => {
    const { profile } = await cdp.send('Profiler.stop');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `page-${name}.cpuprofile`), JSON.stringify(profile));
    await cdp.detach();
  };
}

async function runSize(size: number, fullSyncs: number, chromiumVersion: { value: string }): Promise<{ result: SizeResult; details: SizeDetails }> {
  const cleanup: Array<() => Promise<unknown>> = [];
  const notes: string[] = [];
  try {
    log(`${size}: starting Dovecot and generating the mailbox`);
    const dovecot: PrivateDovecot = await startPrivateDovecot({ users: [{ user: USER, password: PASSWORD }] });
    cleanup.push(() => dovecot.stop());
    const generated = await generateMailbox(dovecot, USER, size);
    const relay: SmtpRelay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users: [{ user: USER, password: PASSWORD }] });
    cleanup.push(() => relay.close());
    const proxy: CountingProxy = await startCountingProxy(dovecot.imapPort);
    cleanup.push(() => proxy.close());

    // (a) The network: the first fetch fills Dovecot's cache file; the measured ones run warm, through the
    // same proxy the engine uses.
    log(`${size}: bare-socket fetches`);
    const cold = await bareFetch(proxy.port, USER, PASSWORD);
    const warm = [];
    for (let i = 0; i < 3; i++) warm.push(await bareFetch(proxy.port, USER, PASSWORD));
    const direct = await bareFetch(dovecot.imapPort, USER, PASSWORD);
    const fetchMs = median(warm.map((run) => run.ms));

    const dataDir = await mkdtemp(join(tmpdir(), 'tern-bench-data-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    // No 30 s LIST-STATUS poll in the middle of a measured resync; push (IDLE) stays on.
    const engine: EngineProcess = await startEngineProcess(dataDir, ['--poll-interval-ms', '3600000']);
    cleanup.push(() => engine.stop());
    const idleProbe = startIdleLoopProbe();
    cleanup.push(async () => idleProbe.stop());
    const cpuMeter = startCpuMeter();
    cleanup.push(async () => cpuMeter.stop());

    // The account is added through the form in a throwaway profile; its first sync is abandoned when that
    // window closes. The measured sync is the one of a window that opens with an empty cache.
    log(`${size}: adding the account through the form`);
    const setup = await openAppBrowser();
    chromiumVersion.value = setup.version;
    try {
      await setup.page.goto(engine.url);
      await addAccountThroughForm(setup.page, { email: USER, password: PASSWORD, imapPort: proxy.port, smtpPort: relay.port });
    } finally {
      await setup.close();
    }
    // The mailbox just generated (157 MiB at 100k) would otherwise be written back to disk during the measured
    // sync, under IndexedDB's writes; the limit's bulkPut, at the end, never meets that writeback.
    execFileSync('sync');
    await sleep(2_000);

    // The full sync, `fullSyncs` times, each in a window that opens with an empty cache: the limit beside it is
    // a median of 3 runs, and on a shared 2-core machine one sync alone varies by half. The last window stays
    // open for the resyncs.
    const syncs: FullSyncRun[] = [];
    // (b) The cache half of the limit is measured in each window right after its full sync, so that the two
    // medians sample the same minutes: this machine's speed drifts by a third within the hour.
    const bulkPut: number[] = [];
    let bulkPutCpu: { cpu: CpuByGroup; wallMs: number } = { cpu: {}, wallMs: 0 };
    const middleRun = Math.ceil(fullSyncs / 2);
    for (let run = 1; run <= fullSyncs; run++) {
      log(`${size}: full sync ${run} of ${fullSyncs}`);
      if (run > 1) {
        await syncs.at(-1)!.app.close();
        cleanup.pop();
        await sleep(2_000);
      }
      const app: AppBrowser = await openAppBrowser(probeScript(size));
      cleanup.push(() => app.close());
      syncs.push(await measureFullSync(app, engine, idleProbe, cpuMeter, proxy, size, notes));
      // The app's own follow-up work (the folder count, after 600 ms without writes) is over by then.
      await sleep(2_000);
      log(`${size}: Dexie bulkPut of the same rows (${run} of ${fullSyncs})`);
      const limit = await measureBulkPut(app.page, size, cpuMeter, run === middleRun);
      bulkPut.push(limit.ms);
      if (run === middleRun) bulkPutCpu = limit.cpu;
    }
    const { page } = syncs.at(-1)!.app;
    // The details shown are those of the run with the median full sync.
    const typical = [...syncs].sort((a, b) => a.fullSyncMs - b.fullSyncMs)[Math.floor((syncs.length - 1) / 2)]!;
    await sleep(1_000);

    log(`${size}: resyncs`);
    const unchanged: SizeDetails['resyncUnchangedRuns'] = [];
    for (let i = 0; i < 5; i++) {
      const before = (await probe(page)).calls.length;
      // Every connection counts, the watcher's too: an unchanged INBOX may be checked on the IDLE connection.
      const bytes = proxy.serverBytes('all');
      await inboxButton(page).click();
      const after = await waitForProbe(page, (s) => s.calls.length > before && s.calls[before]!.resultAt !== null, 60_000, 'an unchanged resync', 5);
      await sleep(50);
      const call = after.calls[before]!;
      unchanged.push({ ms: call.resultAt! - call.sentAt, bytes: proxy.serverBytes('all') - bytes, ...phasesOf(after, call) });
      if (after.calls.length > before + 1) notes.push(`an unchanged resync made ${after.calls.length - before} sync calls`);
      await sleep(300);
    }

    const flags = await changeFlags(page, dovecot, proxy, size, notes);

    const bulkPutMs = median(bulkPut);

    const result: SizeResult = {
      mailboxSize: size,
      limitMs: Math.round(Math.max(fetchMs, bulkPutMs)),
      firstWindowMs: Math.round(median(syncs.map((sync) => sync.firstWindowMs))),
      fullSyncMs: Math.round(median(syncs.map((sync) => sync.fullSyncMs))),
      resyncUnchangedMs: Math.round(median(unchanged.map((r) => r.ms)) * 10) / 10,
      resyncUnchangedBytes: median(unchanged.map((r) => r.bytes)),
      resync100FlagsMs: Math.round(flags.ms * 10) / 10,
      resync100FlagsBytes: flags.bytes,
      // The highest peak (memory only goes up over the runs), and the median p99 like the times.
      mainRssMaxMiB: Math.max(...syncs.map((sync) => sync.engineStats.rssMaxMiB)),
      mainEventLoopP99Ms: median(syncs.map((sync) => sync.engineStats.eventLoopP99Ms)),
    };
    const details: SizeDetails = {
      mailboxBytes: generated.bytes,
      generateMs: generated.writeMs + generated.indexMs,
      fetchColdMs: cold.ms,
      fetchWarmMs: warm.map((run) => run.ms),
      fetchDirectMs: direct.ms,
      fetchBytes: median(warm.map((run) => run.bytes)),
      bulkPutMs: bulkPut,
      fullSyncRuns: syncs.map(({ fullSyncMs, firstWindowMs, engineStats, idleLoopP99Ms }) => ({ fullSyncMs, firstWindowMs, rssMaxMiB: engineStats.rssMaxMiB, eventLoopP99Ms: engineStats.eventLoopP99Ms, idleLoopP99Ms })),
      pageToFirstWindowMs: typical.state.firstWindowAt!,
      fullConfirmedAfterMs: typical.state.fullAt! - typical.state.fullCommittedAt!,
      pageToFirstRowShownMs: typical.pageToFirstRowShownMs,
      fullSyncServerBytes: typical.serverBytes,
      pipeline: typical.pipeline,
      cpu: { fullSync: typical.cpu, fullSyncWallMs: typical.cpuWallMs, bulkPut: bulkPutCpu.cpu, bulkPutWallMs: bulkPutCpu.wallMs },
      engine: { rssNowMiB: typical.engineStats.rssNowMiB, eventLoopP50Ms: typical.engineStats.eventLoopP50Ms, eventLoopMaxMs: typical.engineStats.eventLoopMaxMs, windowMs: typical.engineStats.windowMs, engineThread: typical.engineStats.engineThread },
      resyncUnchangedRuns: unchanged,
      flags: flags.details,
      notes,
    };
    return { result, details };
  } finally {
    for (const step of cleanup.reverse()) await step().catch((error: unknown) => log(`cleanup: ${(error as Error).message}`));
  }
}

interface FullSyncRun {
  app: AppBrowser;
  /** CPU ms by process from the syncMailbox call to the commit that completed the mailbox, and that wall time. */
  cpu: CpuByGroup;
  cpuWallMs: number;
  state: ProbeState;
  firstWindowMs: number;
  fullSyncMs: number;
  engineStats: EngineStats;
  /** The p99 event-loop delay of a Node process doing nothing, over the same window. */
  idleLoopP99Ms: number;
  serverBytes: number;
  pageToFirstRowShownMs: number | null;
  pipeline: SizeDetails['pipeline'];
}

/** One full sync: a window opens on the engine with an empty cache; timed from its syncMailbox call. */
async function measureFullSync(app: AppBrowser, engine: EngineProcess, idleProbe: IdleLoopProbe, cpuMeter: CpuMeter, proxy: CountingProxy, size: number, notes: string[]): Promise<FullSyncRun> {
  const { page } = app;
  await engine.snapshot();
  await idleProbe.window();
  const bytesBeforeSync = proxy.serverBytes('all');
  const pageProfile = await startPageProfile(page);
  await page.goto(engine.url);
  await waitForProbe(page, (s) => s.fullAt !== null, FULL_SYNC_TIMEOUT_MS, 'the full sync', 250);
  const engineStats = await engine.snapshot();
  const idle = await idleProbe.window();
  await pageProfile?.(`${size}`);
  const state = await waitForProbe(page, (s) => s.calls.some((c) => c.path === 'INBOX' && c.resultAt !== null), 60_000, 'the sync call to return');
  const serverBytes = proxy.serverBytes('all') - bytesBeforeSync;
  const initial = state.calls.find((c) => c.path === 'INBOX' && !c.withCursor);
  if (!initial) throw new Error(`No initial INBOX sync was seen: ${JSON.stringify(state.calls)}`);
  if (state.firstWindowAt === null || state.fullCommittedAt === null) throw new Error('The probe missed a commit');
  const cpu = cpuMeter.between(state.timeOrigin + initial.sentAt, state.timeOrigin + state.fullCommittedAt);
  const cpuWallMs = state.fullCommittedAt - initial.sentAt;
  if (initial.ok !== true) notes.push('the initial syncMailbox call returned an error');
  const inboxSyncs = state.calls.filter((c) => c.path === 'INBOX');
  if (inboxSyncs.length > 1) notes.push(`the page made ${inboxSyncs.length} INBOX syncMailbox calls while loading`);
  const stored = (await page.evaluate(loadRowsScript)) as number;
  if (stored !== size) throw new Error(`The cache holds ${stored} INBOX rows, not ${size}`);

  // The UI renders once the session has started; then the list is on screen.
  await inboxButton(page).waitFor({ state: 'visible', timeout: 120_000 });
  const pageToFirstRowShownMs = (await probe(page)).uiFirstRowAt;
  await page.evaluate('window.__ternBench.stopPolling = true');
  return {
    app,
    cpu,
    cpuWallMs,
    state,
    firstWindowMs: Math.round(state.firstWindowAt - initial.sentAt),
    fullSyncMs: Math.round(state.fullCommittedAt - initial.sentAt),
    engineStats,
    idleLoopP99Ms: idle.p99Ms,
    serverBytes,
    pageToFirstRowShownMs,
    pipeline: pipelineOf(state, initial),
  };
}

/**
 * One plain Dexie bulkPut of the rows this window's sync stored (loaded by measureFullSync) into a database of
 * their own in the same page. The middle run is metered by process and profiled (TERN_BENCH_PAGE_PROFILE), to set
 * beside the full sync's.
 */
async function measureBulkPut(page: AppBrowser['page'], size: number, cpuMeter: CpuMeter, middle: boolean): Promise<{ ms: number; cpu: { cpu: CpuByGroup; wallMs: number } }> {
  await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('dexie'), 'utf8'));
  const profile = middle ? await startPageProfile(page) : undefined;
  const started = Date.now();
  const run = (await page.evaluate(bulkPutScript)) as { ms: number; stored: number; schema: string };
  const cpu = { cpu: cpuMeter.between(started, Date.now()), wallMs: Date.now() - started };
  await profile?.(`${size}-bulkput`);
  if (run.stored !== size) throw new Error(`bulkPut stored ${run.stored} rows, not ${size}`);
  if (middle) log(`${size}: messages schema ${run.schema}`);
  return { ms: run.ms, cpu };
}

/** Where a resync's time went, as the page saw it: until its delta arrived, storing it, and until the call returned. */
function phasesOf(state: ProbeState, call: SyncCall): { engineMs: number; storeMs: number; returnMs: number } {
  const delta = state.deltas.find((d) => d.at >= call.sentAt && d.at <= (call.resultAt ?? Infinity));
  if (call.resultAt === null) return { engineMs: NaN, storeMs: NaN, returnMs: NaN };
  // No delta: the engine found nothing changed, and the whole call was its own.
  if (!delta) return { engineMs: call.resultAt - call.sentAt, storeMs: 0, returnMs: 0 };
  if (delta.ackAt === null) return { engineMs: NaN, storeMs: NaN, returnMs: NaN };
  return { engineMs: delta.at - call.sentAt, storeMs: delta.ackAt - delta.at, returnMs: call.resultAt - delta.ackAt };
}

function pipelineOf(state: ProbeState, initial: SyncCall): SizeDetails['pipeline'] {
  const deltas = state.deltas.filter((d) => d.at >= initial.sentAt && d.at <= (initial.resultAt ?? Infinity));
  // TERN_BENCH_DELTAS=1 (diagnosis): each delta of the full sync as the page saw it.
  if (process.env.TERN_BENCH_DELTAS) {
    deltas.forEach((d, i) => {
      const previousAck = deltas[i - 1]?.ackAt;
      const waited = previousAck == null ? '' : `, waited ${(d.at - previousAck).toFixed(1)} ms before it`;
      log(`delta ${i}: ${d.chars} chars, arrived ${(d.at - initial.sentAt).toFixed(1)} ms after the call, stored in ${((d.ackAt ?? d.at) - d.at).toFixed(1)} ms${waited}`);
    });
  }
  let storingMs = 0;
  let waitingMs = 0;
  let slowestStoreMs = 0;
  deltas.forEach((delta, i) => {
    const stored = (delta.ackAt ?? delta.at) - delta.at;
    storingMs += stored;
    slowestStoreMs = Math.max(slowestStoreMs, stored);
    const previous = deltas[i - 1];
    if (previous?.ackAt != null) waitingMs += delta.at - previous.ackAt;
  });
  return {
    deltas: deltas.length,
    firstDeltaMs: (deltas[0]?.at ?? NaN) - initial.sentAt,
    storingMs,
    waitingMs,
    largestDeltaChars: Math.max(0, ...deltas.map((d) => d.chars)),
    slowestStoreMs,
  };
}

/**
 * Sets \Flagged on 100 messages (spread over the mailbox, none flagged before) with doveadm, as another
 * device would. The watcher hears it over IDLE and the app syncs INBOX by itself: that sync is measured.
 */
async function changeFlags(page: AppBrowser['page'], dovecot: PrivateDovecot, proxy: CountingProxy, size: number, notes: string[]) {
  await page.evaluate(loadRowsScript);
  const uids = (await page.evaluate(`(() => {
    const candidates = window.__ternBenchRows.filter((row) => !row.flags.includes('\\\\Flagged')).map((row) => row.uid).sort((a, b) => a - b);
    const step = candidates.length / 100;
    return Array.from({ length: Math.min(100, candidates.length) }, (_, i) => candidates[Math.floor(i * step)]);
  })()`)) as number[];
  const before = (await probe(page)).calls.length;
  const bytesAll = proxy.serverBytes('all');
  const bytesNotIdle = proxy.serverBytes('notIdle');
  await dovecot.doveadm(['flags', 'add', '-u', USER, '\\Flagged', 'mailbox', 'INBOX', 'uid', uids.join(',')]);
  const changedAt = (await page.evaluate('performance.now()')) as number;
  let trigger: 'push' | 'click' = 'push';
  let state: ProbeState;
  try {
    state = await waitForProbe(page, (s) => s.calls.length > before, 5_000, 'a sync pushed by the watcher', 5);
  } catch {
    trigger = 'click';
    notes.push('no sync followed the flag change within 5 s: measured a click on Inbox instead');
    await inboxButton(page).click();
  }
  state = await waitForProbe(page, (s) => s.calls.length > before && s.calls[before]!.resultAt !== null, 60_000, 'the flag resync', 5);
  const call = state.calls[before]!;
  const bytes = proxy.serverBytes('notIdle') - bytesNotIdle;
  const applied = (await page.evaluate(`(async () => {
    const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    const db = await request(indexedDB.open('tern'));
    const store = db.transaction('messages', 'readonly').objectStore('messages');
    const rows = await Promise.all(${JSON.stringify(uids)}.map((uid) => request(store.get([${JSON.stringify((await probe(page)).accountId)}, 'INBOX', uid]))));
    db.close();
    return rows.filter((row) => row && row.flags.includes('\\\\Flagged')).length;
  })()`)) as number;
  await sleep(1_500);
  const settled = await probe(page);
  const extraSyncs = settled.calls.length - before - 1;
  if (applied !== uids.length) notes.push(`after the flag resync only ${applied} of ${uids.length} changes were in the cache`);
  if (size > 0 && call.ok !== true) notes.push('the flag resync returned an error');
  return {
    ms: call.resultAt! - call.sentAt,
    bytes,
    details: {
      ...phasesOf(state, call),
      trigger,
      changed: uids.length,
      applied,
      watcherBytes: proxy.serverBytes('all') - bytesAll - bytes,
      pushToCachedMs: call.resultAt! - changedAt,
      extraSyncs,
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: 'string' }, json: { type: 'string' }, 'full-syncs': { type: 'string' } }, allowPositionals: false });
  const sizes = (values.sizes ?? '10000,100000').split(',').map((part) => Number(part.trim()));
  if (sizes.some((size) => !Number.isInteger(size) || size < FIRST_WINDOW + 100 || size > 2_000_000)) {
    throw new Error(`--sizes must be comma-separated message counts from ${FIRST_WINDOW + 100} to 2000000, not “${values.sizes}”.`);
  }
  const fullSyncs = Number(values['full-syncs'] ?? DEFAULT_FULL_SYNCS);
  if (!Number.isInteger(fullSyncs) || fullSyncs < 1 || fullSyncs > 9) throw new Error(`--full-syncs must be a whole number from 1 to 9, not “${values['full-syncs']}”.`);
  // Other work on this machine skews every figure: say how busy it was.
  const loadBefore = loadavg()[0]!;
  const chromiumVersion = { value: 'unknown' };
  const runs: Array<{ result: SizeResult; details: SizeDetails }> = [];
  const started = Date.now();
  for (const size of sizes) runs.push(await runSize(size, fullSyncs, chromiumVersion));

  const results = runs.map((run) => run.result);
  const dovecotVersion = execFileSync(DOVECOT_BIN, ['--version']).toString().trim();
  process.stdout.write(
    `\nTern sync benchmark — ${new Date().toISOString()}, ${(Date.now() - started) / 1000 | 0} s\n` +
      `Node ${process.version}, ${availableParallelism()} cores, Chromium ${chromiumVersion.value} (${CHROMIUM}), Dovecot ${dovecotVersion}, loopback;` +
      ` load average before ${loadBefore.toFixed(2)}\n\n` +
      `${formatTable(results)}\n\n${runs.map((run) => formatDetails(run.result, run.details)).join('\n\n')}\n`,
  );
  if (values.json) {
    const file = resolve(values.json);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`\nWrote ${file}\n`);
  }
}

// Ctrl+C: exit through process.exit so the exit handlers stop Dovecot and the engine.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:sync failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
