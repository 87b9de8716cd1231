/**
 * What event-loop delay this machine allows at all: a Node process that does nothing but measure its own loop,
 * the way webMain's `--stats-file` measures the engine's main thread (10 ms resolution). Read over the same
 * window as the engine, its p99 is the floor the engine's is compared with: on 2 busy cores a thread that
 * has nothing to do still waits for one (an idle process saw 40–90 ms during a 10k sync).
 */
import { spawn } from 'node:child_process';

export interface IdleLoopProbe {
  /** The p99 and max delay since the previous call (or the start), in ms; a new window starts. */
  window(): Promise<{ p99Ms: number; maxMs: number }>;
  stop(): void;
}

const SCRIPT = `
const { monitorEventLoopDelay } = require('node:perf_hooks');
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
process.on('message', () => {
  process.send({ p99Ms: delay.percentile(99) / 1e6, maxMs: delay.max / 1e6 });
  delay.reset();
});
process.on('disconnect', () => process.exit(0));
`;

export function startIdleLoopProbe(): IdleLoopProbe {
  const child = spawn(process.execPath, ['-e', SCRIPT], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    window: () =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('The idle loop probe did not answer within 10 s')), 10_000);
        child.once('message', (message) => {
          clearTimeout(timer);
          resolve(message as { p99Ms: number; maxMs: number });
        });
        child.send('window');
      }),
    stop: () => {
      process.off('exit', killOnExit);
      child.disconnect();
    },
  };
}
