/**
 * An engine wired to a client through the real contract (serve ↔ createClient over a transport pair), with
 * a CacheMirror standing in for the renderer's store: syncs resume from the mirror's cursors and every delta
 * is applied and acknowledged as the renderer would. Events are recorded with their arrival time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountInput } from '../../shared/contract/accounts';
import type { EventName, TernEvents } from '../../shared/contract/api';
import { EVENT_NAMES } from '../../shared/contract/api';
import { createClient, type TernClient } from '../../shared/ipc/createClient';
import { createTransportPair } from '../../shared/ipc/transport';
import type { PrivateDovecot } from '../demo/privateDovecot';
import type { Worker } from 'node:worker_threads';
import { startEngineThread } from '../engineThread/startEngineThread';
import { createEngine } from '../services/createEngine';
import type { Engine, EngineOptions } from '../services/engine';
import { createLogger } from '../services/logger';
import { FileSecretStore } from '../store/fileSecretStore';
import type { SecretStore } from '../store/secretStore';
import { CacheMirror } from './cacheMirror';

export interface RecordedEvent {
  name: EventName;
  payload: unknown;
  at: number;
}

export interface EngineHarness {
  engine: Engine;
  client: TernClient;
  /** Another renderer connection (a second window): its own calls, and every event. */
  openClient(): TernClient;
  /** The engine's data dir (accounts.json, secrets.json, sent-log.json). */
  dataDir: string;
  mirror: CacheMirror;
  events: RecordedEvent[];
  logLines: string[];
  /** Adds an account through the contract (so the connection test runs); SMTP points at a relay. */
  addAccount(server: AccountServer, imapOverrides?: Partial<AccountInput['imap']>, settings?: Pick<AccountInput, 'maxConnections'>): Promise<string>;
  /** Syncs from the mirror's cursor to the end, applying and acknowledging each delta. */
  sync(accountId: string, path: string): Promise<{ deltas: TernEvents['mailboxChanged'][] }>;
  waitForEvent<E extends EventName>(name: E, match: (payload: TernEvents[E]) => boolean, timeoutMs?: number, after?: number): Promise<RecordedEvent>;
  close(): Promise<void>;
}

export interface AccountServer {
  /** Any server under test (a PrivateDovecot, or a ServerUnderTest such as Cyrus); only its port is used. */
  dovecot: Pick<PrivateDovecot, 'imapPort'>;
  smtpPort: number;
  user: string;
  password: string;
}

export interface EngineHarnessOptions {
  pollIntervalMs?: number;
  timeouts?: EngineOptions['timeouts'];
  pushRetryMs?: number;
  oauth?: EngineOptions['oauth'];
  verbose?: boolean;
  /** Reuse this data dir (accounts, passwords) instead of a fresh one: a restart of the same app. Kept on close(). */
  dataDir?: string;
  /** The password store; browser mode's file by default. */
  secrets?: (dataDir: string) => SecretStore;
  /** Browser mode's one-time downloads, for saving attachments (none by default: saving is then refused). */
  downloads?: EngineOptions['downloads'];
  /** Run the engine on its own thread, as the hosts do (electron/engineThread/), instead of in this one. */
  inThread?: boolean;
  /** With `inThread`: sees each engine thread as it starts (a test ends one to check the restart). */
  onThread?: (worker: Worker) => void;
}

export async function startEngineHarness(options: EngineHarnessOptions = {}): Promise<EngineHarness> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'tern-harness-')));
  const logLines: string[] = [];
  const engineOptions: EngineOptions = {
    dataDir,
    secrets: options.secrets?.(dataDir) ?? new FileSecretStore(dataDir),
    host: 'web',
    version: 'test',
    log: createLogger((line) => logLines.push(line), { verbose: options.verbose === true }),
    pollIntervalMs: options.pollIntervalMs ?? 500,
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    ...(options.pushRetryMs ? { pushRetryMs: options.pushRetryMs } : {}),
    ...(options.oauth ? { oauth: options.oauth } : {}),
    ...(options.downloads ? { downloads: options.downloads } : {}),
  };
  const engine: Engine = options.inThread
    ? await startEngineThread({ ...engineOptions, writeLogLine: (line) => logLines.push(line), ...(options.onThread ? { onThread: options.onThread } : {}) })
    : createEngine(engineOptions);
  const openClient = (): TernClient => {
    const [clientEnd, serverEnd] = createTransportPair();
    engine.serve(serverEnd);
    return createClient(clientEnd);
  };
  const client = openClient();
  const mirror = new CacheMirror();
  const events: RecordedEvent[] = [];
  for (const name of EVENT_NAMES) client.on(name, (payload) => events.push({ name, payload, at: Date.now() }));

  return {
    engine,
    client,
    openClient,
    dataDir,
    mirror,
    events,
    logLines,
    async addAccount({ dovecot, smtpPort, user, password }, imapOverrides = {}, settings = {}) {
      const account = await client.api.addAccount({
        ...settings,
        displayName: user,
        email: user,
        password,
        imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none', username: user, ...imapOverrides },
        smtp: { host: '127.0.0.1', port: smtpPort, security: 'none', username: user },
      });
      return account.id;
    },
    async sync(accountId, path) {
      const deltas: TernEvents['mailboxChanged'][] = [];
      const stop = client.on('mailboxChanged', (delta) => {
        if (delta.accountId !== accountId || delta.path !== path) return;
        mirror.apply(delta);
        deltas.push(delta);
        void client.api.acknowledgeDelta({ deltaId: delta.deltaId });
      });
      try {
        await client.api.syncMailbox({ accountId, path, cursor: mirror.cursor(accountId, path) });
        return { deltas };
      } finally {
        stop();
      }
    },
    async waitForEvent(name, match, timeoutMs = 5000, after = 0) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find((event) => event.name === name && event.at >= after && match(event.payload as never));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no ${name} event within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async close() {
      client.dispose();
      await engine.shutdown();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
