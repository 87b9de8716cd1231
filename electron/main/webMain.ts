/** `npm run web`: Tern's engine in plain Node, with the renderer served to any browser on this machine. */
import { renameSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadOAuthConfig } from '../accounts/oauth/loadOAuthConfig';
import { startEngineThread } from '../engineThread/startEngineThread';
import type { EventLoopStats } from '../engineThread/threadOperations';
import { createLogger } from '../services/logger';
import { FileSecretStore } from '../store/fileSecretStore';
import { AttachmentDownloads } from './attachmentDownloads';
import { startWebHost } from './webHost';

const DEFAULT_PORT = 4417;
/**
 * `npm run web` runs the build (out/main/webMain.js, beside the engine's and the MIME worker's bundles and
 * out/renderer/), as the desktop app does; run from source under tsx, the workers are the .ts files.
 */
const BUILT = import.meta.url.endsWith('.js');

function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share');
  return join(base, 'tern-web');
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'poll-interval-ms': { type: 'string' },
      'stats-file': { type: 'string' },
      'test-discovery': { type: 'string' },
      'oauth-config': { type: 'string' },
      verbose: { type: 'boolean' },
    },
    allowPositionals: false,
  });
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not “${values.port}”.`);
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const pollIntervalMs = values['poll-interval-ms'] === undefined ? undefined : Number(values['poll-interval-ms']);
  if (pollIntervalMs !== undefined && !(pollIntervalMs >= 100)) throw new Error('--poll-interval-ms must be a number of at least 100.');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });

  // Verbose: debug lines and the IMAP/SMTP protocol logs, still redacted.
  const log = createLogger(undefined, { verbose: values.verbose === true || process.env.TERN_VERBOSE === '1' });
  const testDiscoveryFile = values['test-discovery'] === undefined ? undefined : resolve(values['test-discovery']);
  if (testDiscoveryFile) log.warn('test-only discovery overrides in effect', { file: values['test-discovery'] });
  const oauth = loadOAuthConfig(values['oauth-config'] === undefined ? join(dataDir, 'oauth-clients.json') : resolve(values['oauth-config']));
  const secrets = new FileSecretStore(dataDir);
  // Saved attachments reach the browser as one-time downloads from the web host, never through the page.
  const downloads = new AttachmentDownloads();
  const statsFile = values['stats-file'] === undefined ? undefined : resolve(values['stats-file']);
  // The engine runs on a thread of its own; this thread serves the page and the WebSocket (as in the desktop app).
  const engine = await startEngineThread({
    dataDir,
    secrets,
    host: 'web',
    downloads,
    version: process.env.npm_package_version ?? '0.0.0',
    log,
    oauth,
    measureEventLoop: statsFile !== undefined,
    ...(BUILT ? { workerScript: new URL('./engineWorker.js', import.meta.url), mimeWorkerScript: new URL('./mimeWorker.js', import.meta.url) } : {}),
    ...(pollIntervalMs ? { pollIntervalMs } : {}),
    ...(testDiscoveryFile ? { testDiscoveryFile } : {}),
  });
  if (statsFile) reportProcessStats(statsFile, () => engine.eventLoopStats());
  const rendererDir = resolve(import.meta.dirname, BUILT ? '../renderer' : '../../out/renderer');
  const host = await startWebHost({ engine, rendererDir, log, port, downloads });

  process.stdout.write(`Tern (browser mode) is running. Open this address in your browser:\n\n  ${host.url}\n\n`);
  process.stdout.write(`Data folder: ${dataDir}\n${secrets.warning}\nPress Ctrl+C to stop.\n`);

  const stop = () => {
    void host.close().then(() => engine.shutdown()).finally(() => {
      downloads.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * `--stats-file FILE`, for `npm run bench:sync` (POSIX only; off by default): samples this process's RSS every
 * 50 ms and the event-loop delay of its main thread and of the engine's thread; each SIGUSR2 writes the peak
 * RSS and the delay percentiles since the previous SIGUSR2 to FILE as one JSON object (with a sequence
 * number), then starts a new window.
 */
function reportProcessStats(file: string, engineLoop: () => Promise<EventLoopStats | null>): void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let rssMax = process.memoryUsage.rss();
  let since = performance.now();
  let seq = 0;
  setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage.rss())), 50).unref();
  process.on('SIGUSR2', () => {
    const rss = process.memoryUsage.rss();
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const stats = {
      seq: ++seq,
      windowMs: Math.round(performance.now() - since),
      rssMaxMiB: Math.round((Math.max(rssMax, rss) / 2 ** 20) * 10) / 10,
      rssNowMiB: Math.round((rss / 2 ** 20) * 10) / 10,
      eventLoopP50Ms: ms(delay.percentile(50)),
      eventLoopP99Ms: ms(delay.percentile(99)),
      eventLoopMaxMs: ms(delay.max),
    };
    delay.reset();
    rssMax = rss;
    since = performance.now();
    void engineLoop()
      .catch(() => null)
      .then((engine) => {
        writeFileSync(`${file}.tmp`, JSON.stringify({ ...stats, engineThread: engine }));
        renameSync(`${file}.tmp`, file);
      });
  });
}

main().catch((error: unknown) => {
  const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
  const reason = inUse ? 'that port is already in use (is Tern already running?). Start it with --port N to use another one, or --port 0 for any free port' : (error as Error).message;
  process.stderr.write(`Tern could not start: ${reason}\n`);
  process.exit(1);
});
