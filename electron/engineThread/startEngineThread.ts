/**
 * Runs the engine on a thread of its own and hands back the same `Engine` that createEngine returns, so
 * the hosts (electronMain, webMain) serve it exactly as before. Each renderer connection gets a MessageChannel
 * to the engine's thread; calls and events cross it as the contract's own messages. This thread keeps only
 * the renderer's transport and what it lends the engine (the secret store, the desktop, download offers).
 *
 * If the engine's thread dies (a crash, running out of memory), it is started again, at most once per
 * RESTART_WINDOW_MS, and the open connections are joined to the new one: calls that were in flight fail with
 * DISCONNECTED, the renderer keeps its transport, and the next calls reach a fresh engine.
 */
import { MessageChannel, type Worker } from 'node:worker_threads';
import { EVENT_NAMES } from '../../shared/contract/api';
import { TernError } from '../../shared/contract/errors';
import { createClient, type TernClient } from '../../shared/ipc/createClient';
import type { Connection, EmitEvent } from '../../shared/ipc/serve';
import type { OAuthConfig } from '../accounts/oauth/oauthProviders';
import type { ImapTimeouts } from '../imap/imapClient';
import type { DesktopShell } from '../services/desktopShell';
import type { DownloadOffers } from '../services/downloadOffers';
import type { Engine } from '../services/engine';
import type { Logger } from '../services/logger';
import { startWorker } from '../services/startWorker';
import type { SecretStore } from '../store/secretStore';
import { createControlChannel, type ControlChannel, type Handlers } from './controlChannel';
import { portTransport } from './portTransport';
import type { EngineOperations, EngineThreadInit, EventLoopStats, HostOperations } from './threadOperations';

export interface EngineThreadOptions {
  dataDir: string;
  secrets: SecretStore;
  host: 'electron' | 'web';
  version: string;
  /** This thread's log (for what happens to the thread itself). */
  log: Logger;
  /** Where the engine's log lines go, already redacted by the engine's logger; stderr by default. */
  writeLogLine?: (line: string) => void;
  pollIntervalMs?: number;
  timeouts?: ImapTimeouts;
  pushRetryMs?: number;
  desktop?: DesktopShell;
  downloads?: DownloadOffers;
  oauth?: OAuthConfig;
  testDiscoveryFile?: string;
  /** The bundled engine worker in the desktop app; engineWorker.ts (through tsx) by default. */
  workerScript?: URL;
  mimeWorkerScript?: URL;
  /** Keep the engine thread's event-loop delay for `eventLoopStats` (benchmarks). */
  measureEventLoop?: boolean;
  /** Sees each engine thread as it starts (tests end one to check the restart). */
  onThread?: (worker: Worker) => void;
}

export interface EngineThread extends Engine {
  /** The engine thread's event-loop delay since the last call; null unless `measureEventLoop`. */
  eventLoopStats(): Promise<EventLoopStats | null>;
  /** Times the engine's thread was started again after it died. */
  readonly restarts: number;
}

const RESTART_WINDOW_MS = 10_000;

interface ThreadConnection {
  client: TernClient;
  /** Stops forwarding events and closes the channel, which ends the connection on the engine's side too. */
  end: () => void;
}

export async function startEngineThread(options: EngineThreadOptions): Promise<EngineThread> {
  const { log } = options;
  const writeLogLine = options.writeLogLine ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const init: EngineThreadInit = {
    dataDir: options.dataDir,
    host: options.host,
    version: options.version,
    verbose: log.verbose,
    secrets: { warning: options.secrets.warning, needsConsent: options.secrets.needsConsent },
    desktop: options.desktop
      ? { setUnreadCount: true, openComposeWindow: !!options.desktop.openComposeWindow, saveFile: !!options.desktop.saveFile, openFile: !!options.desktop.openFile }
      : null,
    downloads: !!options.downloads,
    measureEventLoop: options.measureEventLoop === true,
    ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    ...(options.pushRetryMs === undefined ? {} : { pushRetryMs: options.pushRetryMs }),
    ...(options.oauth ? { oauth: options.oauth } : {}),
    ...(options.testDiscoveryFile ? { testDiscoveryFile: options.testDiscoveryFile } : {}),
    ...(options.mimeWorkerScript ? { mimeWorkerScript: options.mimeWorkerScript.href } : {}),
  };
  const script = options.workerScript ?? new URL('./engineWorker.ts', import.meta.url);
  const unavailable = (what: string) => () => Promise.reject(new Error(`This host has no ${what}.`));
  const lent: Handlers<HostOperations> = {
    secretGet: ({ key }) => options.secrets.get(key),
    secretSet: ({ key, secret }) => options.secrets.set(key, secret),
    secretDelete: ({ key }) => options.secrets.delete(key),
    log: ({ line }) => writeLogLine(line),
    setUnreadCount: ({ count }) => options.desktop?.setUnreadCount(count),
    openComposeWindow: ({ draftId }) => options.desktop?.openComposeWindow?.(draftId),
    saveFile: ({ file, defaultName }) => (options.desktop?.saveFile ? options.desktop.saveFile(file, defaultName) : unavailable('save dialog')()),
    openFile: ({ file, name }) => (options.desktop?.openFile ? options.desktop.openFile(file, name) : unavailable('way to open files')()),
    offerDownload: (offer) => (options.downloads ? options.downloads.offer(offer) : unavailable('download server')()),
  };

  let worker: Worker;
  let engine: ControlChannel<EngineOperations>;
  let stopping = false;
  let stopped: Promise<void> | undefined;
  let restarts = 0;
  let lastStart = 0;
  const connections = new Set<{ emit: EmitEvent; current: ThreadConnection | null }>();

  /** Starts the thread and resolves once its engine exists (or rejects with why it could not start). */
  const launch = () =>
    new Promise<void>((resolve, reject) => {
      lastStart = Date.now();
      const started = startWorker(script, { workerData: init });
      const channel = createControlChannel<HostOperations, EngineOperations>(started, lent);
      let ready = false;
      started.on('message', (message: unknown) => {
        if (ready || (message as { ready?: unknown } | null)?.ready !== true) return;
        ready = true;
        resolve();
      });
      started.once('error', (error) => {
        log.error('The engine thread failed', { reason: error.message });
        if (!ready) reject(error);
      });
      started.once('exit', (code) => {
        channel.close('Tern’s engine stopped.');
        for (const connection of connections) connection.current = null;
        if (!ready) return reject(new Error(`The engine thread ended with code ${code} before it started.`));
        if (stopping || worker !== started) return;
        log.error('The engine thread ended unexpectedly', { code });
        const wait = Math.max(0, lastStart + RESTART_WINDOW_MS - Date.now());
        setTimeout(() => {
          if (stopping) return;
          restarts++;
          launch().then(
            () => connections.forEach((connection) => attach(connection)),
            (error: unknown) => log.error('The engine thread could not be started again', { reason: (error as Error).message }),
          );
        }, wait).unref();
      });
      worker = started;
      engine = channel;
      options.onThread?.(started);
    });

  /** Joins one renderer connection to the engine's thread: a channel of its own, events forwarded as they come. */
  const attach = (connection: { emit: EmitEvent; current: ThreadConnection | null }) => {
    const { port1, port2 } = new MessageChannel();
    const transport = portTransport(port1);
    const client = createClient(transport);
    const stops = EVENT_NAMES.map((name) => client.on(name, (payload) => connection.emit(name, payload as never)));
    const end = () => {
      stops.forEach((stop) => stop());
      client.dispose();
      transport.close();
    };
    connection.current = { client, end };
    engine.request('connect', { port: port2 }, [port2]).catch((error: unknown) => log.error('A connection could not reach the engine thread', { reason: (error as Error).message }));
  };

  await launch();

  return {
    connect(emit): Connection {
      const connection: { emit: EmitEvent; current: ThreadConnection | null } = { emit, current: null };
      connections.add(connection);
      attach(connection);
      // Every call goes to the connection's current channel: after a restart, the new engine's.
      const api = new Proxy({} as Connection['api'], {
        get: (_target, method: string) => (args: unknown) => {
          const current = connection.current;
          if (!current) return Promise.reject(new TernError('DISCONNECTED', 'Tern’s engine is restarting. Try again in a moment.'));
          return (current.client.api as unknown as Record<string, (args: unknown) => Promise<unknown>>)[method]!(args);
        },
      });
      return {
        api,
        close() {
          connections.delete(connection);
          connection.current?.end();
          connection.current = null;
        },
      };
    },
    addAccount: (input) => engine.request('addAccount', input),
    wake: () => void engine.request('wake', undefined).catch(() => undefined),
    eventLoopStats: () => engine.request('eventLoopStats', undefined),
    get restarts() {
      return restarts;
    },
    shutdown() {
      stopped ??= (async () => {
        stopping = true;
        try {
          await engine.request('shutdown', undefined);
        } finally {
          engine.close('Tern is shutting down.');
          await worker.terminate();
        }
      })();
      return stopped;
    },
  };
}
