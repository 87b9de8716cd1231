/**
 * The engine's thread: every account's IMAP sessions, sync, sending and the local stores run here, so the
 * thread that hosts the app (Electron's main process loop, or browser mode's HTTP and WebSocket server) stays
 * free to answer windows and sockets while a 100k-message folder is being parsed. What only the host's thread
 * may touch is borrowed through HostOperations (threadOperations.ts).
 */
import { getPriority, setPriority } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { readTestDiscoveryOverrides } from '../main/testDiscoveryOverrides';
import { createEngine } from '../services/createEngine';
import type { DesktopShell } from '../services/desktopShell';
import type { InProcessEngine } from '../services/engine';
import { createLogger } from '../services/logger';
import type { SecretStore } from '../store/secretStore';
import { createControlChannel, type ControlPort } from './controlChannel';
import { enginePortTransport } from './portTransport';
import type { EngineOperations, EngineThreadInit, EventLoopStats, HostOperations } from './threadOperations';

const port = parentPort as ControlPort | null;
if (!port) throw new Error('engineWorker.ts runs only as a worker thread');
const init = workerData as EngineThreadInit;
lowerThreadPriority(init.niceness);

/**
 * Sync is background work: when the machine is busy, the threads that answer the user (this process's main
 * thread, the window's renderer and its IndexedDB) should get the CPU first. On Linux the nice value belongs
 * to the thread, so this lowers the engine's thread (and the MIME workers it starts) only; elsewhere it would
 * lower the whole process, so it is left alone.
 */
function lowerThreadPriority(niceness: number): void {
  if (process.platform !== 'linux' || niceness <= 0) return;
  try {
    setPriority(0, Math.min(19, getPriority(0) + niceness));
  } catch {
    // Not allowed here (a container's seccomp profile): the engine runs at the process's priority.
  }
}

const delay = init.measureEventLoop ? monitorEventLoopDelay({ resolution: 10 }) : null;
delay?.enable();
const loopStats = (): EventLoopStats | null => {
  if (!delay) return null;
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  const stats = { p50Ms: ms(delay.percentile(50)), p99Ms: ms(delay.percentile(99)), maxMs: ms(delay.max) };
  delay.reset();
  return stats;
};

// Handlers run only after the engine exists: the host sends nothing before the thread has said it is ready.
const started: { engine?: InProcessEngine } = {};
const ready = (): InProcessEngine => {
  if (!started.engine) throw new Error('The engine is not started yet.');
  return started.engine;
};
const host = createControlChannel<EngineOperations, HostOperations>(port, {
  connect: ({ port: connection }) => {
    ready().serveThroughHost(enginePortTransport(connection));
  },
  addAccount: (input) => ready().addAccount(input),
  wake: () => ready().wake(),
  shutdown: () => ready().shutdown(),
  eventLoopStats: () => loopStats(),
});

// Lines are redacted here, where the secrets are registered, and written by the host.
const log = createLogger((line) => void host.request('log', { line }).catch(() => undefined), { verbose: init.verbose });

const secrets: SecretStore = {
  warning: init.secrets.warning,
  needsConsent: init.secrets.needsConsent,
  get: (key) => host.request('secretGet', { key }),
  set: (key, secret) => host.request('secretSet', { key, secret }),
  delete: (key) => host.request('secretDelete', { key }),
};

function borrowedDesktop(lent: NonNullable<EngineThreadInit['desktop']>): DesktopShell {
  const report = (what: string) => (error: unknown) => log.warn(`The desktop could not ${what}`, { reason: (error as Error).message });
  return {
    setUnreadCount: (count) => void host.request('setUnreadCount', { count }).catch(report('show the unread count')),
    ...(lent.openComposeWindow ? { openComposeWindow: (draftId: string) => void host.request('openComposeWindow', { draftId }).catch(report('open a compose window')) } : {}),
    ...(lent.saveFile ? { saveFile: (file: string, defaultName: string) => host.request('saveFile', { file, defaultName }) } : {}),
    ...(lent.openFile ? { openFile: (file: string, name: string) => host.request('openFile', { file, name }) } : {}),
  };
}

const discovery = init.testDiscoveryFile === undefined ? undefined : await readTestDiscoveryOverrides(init.testDiscoveryFile);
started.engine = createEngine({
  dataDir: init.dataDir,
  secrets,
  host: init.host,
  version: init.version,
  log,
  ...(init.pollIntervalMs === undefined ? {} : { pollIntervalMs: init.pollIntervalMs }),
  ...(init.timeouts ? { timeouts: init.timeouts } : {}),
  ...(init.pushRetryMs === undefined ? {} : { pushRetryMs: init.pushRetryMs }),
  ...(init.oauth ? { oauth: init.oauth } : {}),
  ...(discovery ? { discovery } : {}),
  ...(init.mimeWorkerScript ? { mimeWorkerScript: new URL(init.mimeWorkerScript) } : {}),
  ...(init.desktop ? { desktop: borrowedDesktop(init.desktop) } : {}),
  ...(init.downloads ? { downloads: { offer: (offer) => host.request('offerDownload', offer) } } : {}),
});
port.postMessage({ ready: true });
