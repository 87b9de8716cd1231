/**
 * Browser mode's entry point as `npm run web` runs it (the build, out/main/webMain.js) as a child process, with
 * `--stats-file`: `snapshot()` asks it (SIGUSR2) for its peak RSS and event-loop delay since the last snapshot.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface EngineStats {
  seq: number;
  windowMs: number;
  rssMaxMiB: number;
  rssNowMiB: number;
  eventLoopP50Ms: number;
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  /** The engine's own thread (electron/engineThread/), beside the process's main thread above. */
  engineThread: { p50Ms: number; p99Ms: number; maxMs: number } | null;
}

export interface EngineProcess {
  url: string;
  pid: number;
  output(): string;
  /** The engine's figures since the previous snapshot (or its start), and a new window from now. */
  snapshot(): Promise<EngineStats>;
  stop(): Promise<void>;
}

const root = resolve(import.meta.dirname, '../..');

export async function startEngineProcess(dataDir: string, extraArgs: string[] = []): Promise<EngineProcess> {
  const statsFile = join(dataDir, 'engine-stats.json');
  const child = spawn(
    process.execPath,
    // TERN_BENCH_ENGINE_NODE_ARGS: extra Node flags for diagnosis, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
    [...(process.env.TERN_BENCH_ENGINE_NODE_ARGS ?? '').split(' ').filter(Boolean), 'out/main/webMain.js', '--port', '0', '--data-dir', dataDir, '--stats-file', statsFile, ...extraArgs],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr.on('data', (data: Buffer) => (output += data.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  // The engine must not outlive the benchmark, however it ends.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`The engine did not start:\n${output}`)), 60_000);
    const check = () => {
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolveUrl(match[1]);
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`The engine exited with ${code}:\n${output}`));
    });
  });
  let seq = 0;
  return {
    url,
    pid: child.pid!,
    output: () => output,
    async snapshot() {
      if (child.exitCode !== null) throw new Error(`The engine exited with ${child.exitCode}:\n${output}`);
      child.kill('SIGUSR2');
      const deadline = Date.now() + 10_000;
      for (;;) {
        const stats = await readFile(statsFile, 'utf8').then((text) => JSON.parse(text) as EngineStats, () => null);
        if (stats && stats.seq > seq) {
          seq = stats.seq;
          return stats;
        }
        if (Date.now() > deadline) throw new Error('The engine wrote no stats within 10 s of SIGUSR2');
        await new Promise((wait) => setTimeout(wait, 10));
      }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
