/**
 * `npm run bench:ui [-- --size 100000] [-- --json FILE]`: how the window feels with a huge cached folder, in
 * the real app (browser mode's engine, the built renderer in headless Chromium, IndexedDB on disk). A freshly
 * generated INBOX is synced once through the app; then, with nothing else running:
 *
 * - firstRowsAfterReloadMs: navigation to the first message rows painted (the app loading, opening IndexedDB,
 *   reading the visible rows), median of 5 reloads; target 200 ms.
 * - folderSwitchMs: a click on Inbox (from an empty folder) to its rows painted, median of 5; target 200 ms.
 * - openCachedMessageMs: a click on a row to its body shown, the second time (cached), median of 5; target
 *   100 ms. The first opens (fetched from the server) are reported beside it.
 * - scroll frames: the list scrolled 400 px per frame for 3 s; frame-time p50/p95/max and frames over 25 ms.
 * - search: the first query builds the in-memory index (reported on its own); then typing-to-results-painted
 *   latency over 7 queries × 5 runs, p50/p95; target 100 ms. Compared, in the same page: reading every cached
 *   row from IndexedDB and filtering it, which is what each keystroke would cost without the index.
 * - renderer heap (after GC) before and after the index is built.
 *
 * Exits 0 whatever the figures (a measurement), 1 when something fails to run.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DOVECOT_BIN, startPrivateDovecot } from '../demo/privateDovecot';
import { startSmtpRelay } from '../smtp/lmtpRelay';
import { addAccountThroughForm, CHROMIUM, openAppBrowser } from './appDriver';
import { startEngineProcess } from './engineProcess';
import { generateMailbox } from './generateMailbox';
import { median } from './report';
import { firstRowProbe, folderSwitchScript, idbScanScript, openMessageScript, scrollFramesScript, searchLatencyScript } from './uiPageScripts';

const USER = 'alice@example.test';
const PASSWORD = 'bench-ui-pw';
const QUERIES = ['heron', 'from:bank', 'is:unread', 'subject:"weekly tern"', 'imap idle', 'zzqx', 'in:inbox is:flagged'];

const log = (message: string) => process.stderr.write(`[bench:ui] ${message}\n`);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const round = (value: number) => Math.round(value * 10) / 10;

const cachedCount = `(async () => {
  const db = await new Promise((resolve, reject) => { const r = indexedDB.open('tern'); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  try {
    if (!db.objectStoreNames.contains('messages')) return 0;
    return await new Promise((resolve, reject) => { const q = db.transaction('messages').objectStore('messages').count(); q.onsuccess = () => resolve(q.result); q.onerror = () => reject(q.error); });
  } finally { db.close(); }
})()`;

async function run(size: number) {
  const cleanup: (() => Promise<unknown>)[] = [];
  try {
    log(`generating ${size} messages`);
    const dovecot = await startPrivateDovecot({ users: [{ user: USER, password: PASSWORD }] });
    cleanup.push(() => dovecot.stop());
    await generateMailbox(dovecot, USER, size);
    const relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users: [{ user: USER, password: PASSWORD }] });
    cleanup.push(() => relay.close());
    const dataDir = await mkdtemp(join(tmpdir(), 'tern-bench-ui-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const engine = await startEngineProcess(dataDir, ['--poll-interval-ms', '3600000']);
    cleanup.push(() => engine.stop());

    const app = await openAppBrowser(firstRowProbe);
    cleanup.push(() => app.close());
    const { page } = app;
    await page.goto(engine.url);
    log('adding the account and syncing the folder through the app');
    await addAccountThroughForm(page, { email: USER, password: PASSWORD, imapPort: dovecot.imapPort, smtpPort: relay.port });
    const deadline = Date.now() + 20 * 60_000;
    while (((await page.evaluate(cachedCount)) as number) < size) {
      if (Date.now() > deadline) throw new Error('the folder did not finish syncing in 20 minutes');
      await sleep(1000);
    }
    await sleep(2000);

    log('first rows after reload');
    const reloads: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.reload();
      // Polled with evaluate: the app's CSP (no eval) rules out waitForFunction with a string.
      let at: number | null = null;
      for (let tries = 0; at === null && tries < 3000; tries++) {
        at = (await page.evaluate('window.__ternUi ? window.__ternUi.firstRowAt : null')) as number | null;
        if (at === null) await sleep(20);
      }
      if (at === null) throw new Error('no rows after a reload');
      reloads.push(at);
      await sleep(500);
    }

    log('folder switches');
    const switches: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.getByRole('tree').getByRole('button', { name: /Trash/ }).click();
      await sleep(300);
      switches.push((await page.evaluate(folderSwitchScript('Inbox'))) as number);
      await sleep(300);
    }

    const cdp = await app.context.newCDPSession(page);
    const heapMiB = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      return round(usage.usedSize / 2 ** 20);
    };
    const heapBefore = await heapMiB();

    log('search');
    const first = (await page.evaluate(searchLatencyScript(QUERIES[0]!))) as { ms: number; text: string };
    const latencies: number[] = [];
    const perQuery: Record<string, { medianMs: number; results: string }> = {};
    for (const query of QUERIES) {
      const runs: { ms: number; text: string }[] = [];
      for (let i = 0; i < 5; i++) runs.push((await page.evaluate(searchLatencyScript(query))) as { ms: number; text: string });
      latencies.push(...runs.map((r) => r.ms));
      perQuery[query] = { medianMs: round(median(runs.map((r) => r.ms))), results: runs[0]!.text };
    }
    const heapAfter = await heapMiB();
    const scans: { ms: number; rows: number; hits: number }[] = [];
    for (let i = 0; i < 3; i++) scans.push((await page.evaluate(idbScanScript('heron'))) as { ms: number; rows: number; hits: number });

    log('opening messages');
    await page.getByRole('searchbox', { name: 'Search mail' }).fill('');
    await page.getByRole('listbox', { name: 'Message list' }).getByRole('option').first().waitFor();
    const firstOpens: number[] = [];
    const cachedOpens: number[] = [];
    for (let i = 0; i < 5; i++) {
      firstOpens.push((await page.evaluate(openMessageScript(i * 2))) as number);
      await sleep(200);
    }
    for (let i = 0; i < 5; i++) {
      cachedOpens.push((await page.evaluate(openMessageScript(i * 2))) as number);
      await sleep(200);
    }
    await page.keyboard.press('Escape');

    log('scrolling');
    const scroll = (await page.evaluate(scrollFramesScript(400, 3000))) as { frames: number[]; scrollTop: number; rendered: number };

    const frames = scroll.frames;
    return {
      mailboxSize: size,
      firstRowsAfterReloadMs: round(median(reloads)),
      folderSwitchMs: round(median(switches)),
      openCachedMessageMs: round(median(cachedOpens)),
      openUncachedMessageMs: round(median(firstOpens)),
      scrollFrameP50Ms: round(percentile(frames, 50)),
      scrollFrameP95Ms: round(percentile(frames, 95)),
      scrollFrameMaxMs: round(Math.max(...frames)),
      scrollFramesOver25Ms: frames.filter((f) => f > 25).length,
      scrollFrames: frames.length,
      searchIndexBuildMs: round(first.ms),
      searchP50Ms: round(percentile(latencies, 50)),
      searchP95Ms: round(percentile(latencies, 95)),
      idbScanFilterMs: round(median(scans.map((s) => s.ms))),
      heapBeforeIndexMiB: heapBefore,
      heapAfterIndexMiB: heapAfter,
      details: { reloads: reloads.map(round), switches: switches.map(round), perQuery, scrolledTo: scroll.scrollTop, rowsRendered: scroll.rendered, scanRows: scans[0]?.rows },
      chromium: app.version,
    };
  } finally {
    for (const step of cleanup.reverse()) await step().catch((error: unknown) => log(`cleanup: ${(error as Error).message}`));
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { size: { type: 'string' }, json: { type: 'string' } }, allowPositionals: false });
  const size = Number(values.size ?? 100_000);
  if (!Number.isInteger(size) || size < 1000 || size > 1_000_000) throw new Error(`--size must be a message count from 1000 to 1000000, not “${values.size}”.`);
  const loadBefore = loadavg()[0]!;
  const started = Date.now();
  const r = await run(size);
  const dovecotVersion = execFileSync(DOVECOT_BIN, ['--version']).toString().trim();
  const row = (what: string, value: string, limit: string) => `| ${what} | ${value} | ${limit} |`;
  process.stdout.write(
    `\nTern UI benchmark — ${new Date().toISOString()}, ${((Date.now() - started) / 1000) | 0} s\n` +
      `Node ${process.version}, ${availableParallelism()} cores, Chromium ${r.chromium} (${CHROMIUM}), Dovecot ${dovecotVersion}; load average before ${loadBefore.toFixed(2)}\n\n` +
      `| ${size.toLocaleString('en')} cached messages | Tern | compared with |\n|---|---|---|\n` +
      [
        row('first rows after a reload (median of 5)', `${r.firstRowsAfterReloadMs} ms`, 'target 200 ms'),
        row('click on Inbox to its rows (median of 5)', `${r.folderSwitchMs} ms`, 'target 200 ms'),
        row('open a cached message, click to body shown (median of 5)', `${r.openCachedMessageMs} ms`, `target 100 ms; from the server the first time: ${r.openUncachedMessageMs} ms`),
        row('scroll frame time p50 / p95 / max', `${r.scrollFrameP50Ms} / ${r.scrollFrameP95Ms} / ${r.scrollFrameMaxMs} ms`, '16.7 ms per frame at 60 Hz'),
        row('scroll frames over 25 ms', `${r.scrollFramesOver25Ms} of ${r.scrollFrames}`, '0'),
        row('first search (builds the index)', `${r.searchIndexBuildMs} ms`, `IndexedDB read-all + filter: ${r.idbScanFilterMs} ms`),
        row('search, typing to results painted, p50 / p95', `${r.searchP50Ms} / ${r.searchP95Ms} ms`, `target 100 ms; without the index every keystroke costs ${r.idbScanFilterMs} ms`),
        row('renderer heap before / after the index', `${r.heapBeforeIndexMiB} / ${r.heapAfterIndexMiB} MiB`, ''),
      ].join('\n') +
      `\n\nPer query (median ms, results line): ${JSON.stringify(r.details.perQuery, null, 1)}\n` +
      `Reloads ${JSON.stringify(r.details.reloads)} ms; switches ${JSON.stringify(r.details.switches)} ms; scrolled to ${r.details.scrolledTo} px with ${r.details.rowsRendered} rows in the DOM.\n`,
  );
  if (values.json) {
    const file = resolve(values.json);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(r, null, 2)}\n`);
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:ui failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
