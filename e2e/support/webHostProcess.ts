/**
 * Starts `npm run web`'s entry point as a child process, exactly as a user would, and reads its URL: the build
 * (out/main/webMain.js, made by `npm run test:e2e`), so the engine and MIME worker bundles the desktop app ships
 * are the ones tested.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export interface WebHostProcess {
  url: string;
  origin: string;
  pid: number;
  output(): string;
  stop(): Promise<void>;
  /** Sends a signal (SIGKILL: the engine dies mid-work, with no chance to clean up) and waits for the exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

const root = resolve(import.meta.dirname, '../..');

export async function startWebHostProcess(dataDir: string, extraArgs: string[] = [], env: Record<string, string> = {}): Promise<WebHostProcess> {
  const child: ChildProcess = spawn(process.execPath, ['out/main/webMain.js', '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr?.on('data', (data: Buffer) => (output += data.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start:\n${output}`)), 30_000);
    const check = () => {
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => reject(new Error(`web host exited with ${code}:\n${output}`)));
  });
  const exited = new Promise<void>((done) => (child.exitCode !== null || child.signalCode !== null ? done() : child.once('exit', () => done())));
  return {
    url,
    origin: new URL(url).origin,
    pid: child.pid ?? -1,
    output: () => output,
    kill: async (signal) => {
      child.kill(signal);
      await exited;
    },
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
