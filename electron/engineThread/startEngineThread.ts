/**
 * Runs the engine on a thread of its own and hands back an `Engine` like createEngine's, so the hosts
 * (electronMain, webMain) serve it the same way. Each renderer connection gets a MessageChannel to the
 * engine's thread, which serves the contract on it; this thread only relays the contract's messages between
 * the renderer's transport and that channel (the engine's arrive encoded, see portTransport.ts) and keeps
 * what it lends the engine (the secret store, the desktop, download offers).
 *
 * If the engine's thread dies (a crash, running out of memory), it is started again, at most once per
 * RESTART_WINDOW_MS, and the open connections are joined to the new one: calls that were in flight are
 * answered DISCONNECTED, the renderer keeps its transport, and its next calls reach a fresh engine.
 */
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { parseRpcMessage } from '../../shared/ipc/rpcMessage';
import type { Transport } from '../../shared/ipc/transport';
import type { OAuthConfig } from '../accounts/oauth/oauthProviders';
import type { ImapTimeouts } from '../imap/imapClient';
import type { DesktopShell } from '../services/desktopShell';
import type { DownloadOffers } from '../services/downloadOffers';
import type { Engine } from '../services/engine';
import type { Logger } from '../services/logger';
import { startWorker } from '../services/startWorker';
import type { SecretStore } from '../store/secretStore';
import { acknowledgementIn, DeltaGate } from '../transport/deltaGate';
import { createControlChannel, type ControlChannel, type Handlers } from './controlChannel';
import { isEncodedMessage } from './portTransport';
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
  /** How much lower the engine's thread runs than the rest of the process (Linux only); DEFAULT_NICENESS by default. */
  niceness?: number;
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
const fromUtf8 = new TextDecoder();
/**
 * The engine's short-lived garbage (parsed FETCH responses, rows, encoded deltas) is collected in a young
 * generation this size instead of V8's default: at 100k messages the process's peak RSS was 213–229 MiB with
 * 8 MB against 237–258 MiB with the default, at the same sync time (docs/benchmarks.md).
 */
const ENGINE_YOUNG_GENERATION_MB = 8;
/** Linux nice steps below the process: enough that the UI's threads win a busy CPU, not so many that sync starves. */
export const DEFAULT_NICENESS = 5;

/** TERN_ENGINE_NICENESS (diagnosis, benchmarks): 0–19; anything else means the default. */
function nicenessFromEnv(value: string | undefined): number {
  const parsed = Number(value);
  return value !== undefined && Number.isInteger(parsed) && parsed >= 0 && parsed <= 19 ? parsed : DEFAULT_NICENESS;
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
    niceness: options.niceness ?? nicenessFromEnv(process.env.TERN_ENGINE_NICENESS),
    ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    ...(options.pushRetryMs === undefined ? {} : { pushRetryMs: options.pushRetryMs }),
    ...(options.oauth ? { oauth: options.oauth } : {}),
    ...(options.testDiscoveryFile ? { testDiscoveryFile: options.testDiscoveryFile } : {}),
    ...(options.mimeWorkerScript ? { mimeWorkerScript: options.mimeWorkerScript.href } : {}),
  };
  const script = options.workerScript ?? new URL('./engineWorker.ts', import.meta.url);
  const unavailable = (what: string) => Promise.reject(new Error(`This host has no ${what}.`));
  const lent: Handlers<HostOperations> = {
    secretGet: ({ key }) => options.secrets.get(key),
    secretSet: ({ key, secret }) => options.secrets.set(key, secret),
    secretDelete: ({ key }) => options.secrets.delete(key),
    log: ({ line }) => writeLogLine(line),
    setUnreadCount: ({ count }) => options.desktop?.setUnreadCount(count),
    openComposeWindow: ({ draftId }) => options.desktop?.openComposeWindow?.(draftId),
    saveFile: ({ file, defaultName }) => (options.desktop?.saveFile ? options.desktop.saveFile(file, defaultName) : unavailable('save dialog')),
    openFile: ({ file, name }) => (options.desktop?.openFile ? options.desktop.openFile(file, name) : unavailable('way to open files')),
    offerDownload: (offer) => (options.downloads ? options.downloads.offer(offer) : unavailable('download server')),
  };

  let worker: Worker;
  let engine: ControlChannel<EngineOperations>;
  let engineState: 'up' | 'restarting' | 'gone' = 'restarting';
  /** Set by shutdown(): the thread's end is then expected, not restarted. */
  let stopped: Promise<void> | undefined;
  let restarts = 0;
  let lastStart = 0;
  const connections = new Set<Relay>();

  /** Starts the thread and resolves once its engine exists (or rejects with why it could not start). */
  const launch = () =>
    new Promise<void>((resolve, reject) => {
      lastStart = Date.now();
      const started = startWorker(script, { workerData: init, resourceLimits: { maxYoungGenerationSizeMb: ENGINE_YOUNG_GENERATION_MB } });
      const channel = createControlChannel<HostOperations, EngineOperations>(started, lent);
      let ready = false;
      started.on('message', (message: unknown) => {
        if (ready || (message as { ready?: unknown } | null)?.ready !== true) return;
        ready = true;
        engineState = 'up';
        resolve();
      });
      started.once('error', (error) => {
        log.error('The engine thread failed', { reason: error.message });
        if (!ready) reject(error);
      });
      started.once('exit', (code) => {
        channel.close('Tern’s engine stopped.');
        if (worker === started) engineState = 'restarting';
        for (const connection of connections) connection.detach();
        if (!ready) return reject(new Error(`The engine thread ended with code ${code} before it started.`));
        if (stopped || worker !== started) return;
        log.error('The engine thread ended unexpectedly', { code });
        const wait = Math.max(0, lastStart + RESTART_WINDOW_MS - Date.now());
        setTimeout(() => {
          if (stopped) return;
          restarts++;
          launch().then(
            () => connections.forEach((connection) => connection.attach()),
            (error: unknown) => {
              log.error('The engine thread could not be started again', { reason: (error as Error).message });
              // Nothing will answer any more: say so to every window, instead of "try again in a moment".
              engineState = 'gone';
              for (const connection of connections) connection.engineGone();
            },
          );
        }, wait).unref();
      });
      worker = started;
      engine = channel;
      options.onThread?.(started);
    });

  await launch();

  return {
    serve(transport) {
      const relay = new Relay(transport, (port) => {
        engine.request('connect', { port }, [port]).catch((error: unknown) => log.error('A connection could not reach the engine thread', { reason: (error as Error).message }));
      });
      connections.add(relay);
      // While the thread restarts, the relay answers DISCONNECTED and is attached once it is back.
      if (engineState === 'up') relay.attach();
      else if (engineState === 'gone') relay.engineGone();
      const stopClose = transport.onClose(() => end());
      const end = () => {
        stopClose();
        connections.delete(relay);
        relay.close();
      };
      return end;
    },
    addAccount: (input) => engine.request('addAccount', input),
    wake: () => void engine.request('wake', undefined).catch(() => undefined),
    eventLoopStats: () => engine.request('eventLoopStats', undefined),
    get restarts() {
      return restarts;
    },
    shutdown() {
      stopped ??= (async () => {
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

/**
 * One renderer connection's relay: the renderer's messages go to the engine's thread as they came (the engine
 * checks them, as it would any peer's), the engine's come back already encoded. It remembers which calls are
 * unanswered, so that if the thread dies they get DISCONNECTED instead of silence.
 */
class Relay {
  private port: MessagePort | null = null;
  private gone = false;
  private readonly unanswered = new Set<number>();
  private readonly stopMessages: () => void;
  private readonly deltas = new DeltaGate<Uint8Array>((utf8) => this.forward(utf8));

  constructor(
    private readonly transport: Transport,
    private readonly connectPort: (port: MessagePort) => void,
  ) {
    this.stopMessages = transport.onMessage((message) => {
      const call = parseRpcMessage(message);
      if (call?.t === 'call') {
        if (!this.port) return this.answerDisconnected(call.id);
        this.unanswered.add(call.id);
      }
      this.port?.postMessage(message);
      const acknowledgement = acknowledgementIn(call);
      if (acknowledgement) this.deltas.acknowledged(acknowledgement.deltaId, acknowledgement.refused);
    });
  }

  /** A channel to the current engine thread. */
  attach(): void {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (message: unknown) => {
      if (!isEncodedMessage(message)) return;
      if (message.result !== undefined) this.unanswered.delete(message.result);
      this.deltas.send(message.utf8, message.after);
    });
    this.port = port1;
    this.connectPort(port2);
  }

  /** Sends the engine's message in the form the transport takes, decoding only as far as it must. */
  private forward(utf8: Uint8Array): void {
    const { transport } = this;
    if (transport.sendEncodedUtf8) return transport.sendEncodedUtf8(utf8);
    const json = fromUtf8.decode(utf8);
    if (transport.sendEncoded) return transport.sendEncoded(json);
    const decoded = parseRpcMessage(JSON.parse(json));
    if (decoded) transport.send(decoded);
  }

  /** The engine's thread is gone: what it left unanswered is answered here. */
  detach(): void {
    this.port = null;
    this.deltas.clear();
    for (const id of this.unanswered) this.answerDisconnected(id);
    this.unanswered.clear();
  }

  close(): void {
    this.stopMessages();
    this.deltas.clear();
    this.port?.close();
    this.port = null;
  }

  /** The engine's thread could not be started again: every call from now on is told so. */
  engineGone(): void {
    this.gone = true;
  }

  private answerDisconnected(id: number): void {
    const error = this.gone
      ? { code: 'INTERNAL' as const, message: 'Tern’s engine stopped and could not start again. Quit Tern and open it again; the log says why.' }
      : { code: 'DISCONNECTED' as const, message: 'Tern’s engine stopped and is starting again. Try again in a moment.' };
    this.transport.send({ t: 'result', id, ok: false, error });
  }
}
