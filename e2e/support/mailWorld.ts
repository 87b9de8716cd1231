/**
 * Everything an E2E test needs around the app: a private Dovecot with one user, an SMTP relay delivering into
 * it, and browser mode started as a user would, each in its own temp dir, all stopped by `stop()`.
 * `startServerWorld` is the same around any server under test (Dovecot or Cyrus), driven through its
 * `AnotherDevice` instead of doveadm.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrivateDovecot, type PrivateDovecot } from '../../electron/demo/privateDovecot';
import { startSmtpRelay } from '../../electron/smtp/lmtpRelay';
import { startServerUnderTest, type ServerKind, type ServerUnderTest } from '../../electron/testing/serverUnderTest';
import { startWebHostProcess, type WebHostProcess } from './webHostProcess';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface MailWorld {
  user: string;
  password: string;
  dovecot: PrivateDovecot;
  relay: { port: number; close(): Promise<void> };
  host: WebHostProcess;
  /** Browser mode's data folder (account settings, secrets.json). */
  dataDir: string;
  /** Ends browser mode with `signal` and starts it again on the same port and data folder (same origin, so
   *  the page keeps its IndexedDB); the new address has a new token. */
  restartHost(signal: NodeJS.Signals): Promise<WebHostProcess>;
  /** Stops Dovecot (mail kept) and starts it again on the same ports: the server going away and coming back. */
  stopDovecot(): Promise<() => Promise<void>>;
  stop(): Promise<void>;
}

export async function startMailWorld(options: {
  user: string;
  password: string;
  webArgs?: string[];
  seed?: (dovecot: PrivateDovecot) => Promise<void>;
  /** The SMTP relay's SIZE (default 25 MiB). */
  relayMaxBytes?: number;
}): Promise<MailWorld> {
  const { user, password } = options;
  const mailDir = await mkdtemp(join(tmpdir(), 'tern-e2e-mail-'));
  const dataDir = await mkdtemp(join(tmpdir(), 'tern-e2e-data-'));
  const users = [{ user, password }];
  let dovecot = await startPrivateDovecot({ users, mailDir });
  const relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users, ...(options.relayMaxBytes ? { maxMessageBytes: options.relayMaxBytes } : {}) });
  await options.seed?.(dovecot);
  const hosting = await startRestartableHost(dataDir, options.webArgs ?? []);
  const world: MailWorld = {
    user,
    password,
    get dovecot() {
      return dovecot;
    },
    relay,
    get host() {
      return hosting.host;
    },
    dataDir,
    restartHost: (signal) => hosting.restart(signal),
    async stopDovecot() {
      const { imapPort, lmtpPort } = dovecot;
      await dovecot.stop();
      return async () => {
        dovecot = await startPrivateDovecot({ users, mailDir, imapPort, lmtpPort });
      };
    },
    async stop() {
      await hosting.host.stop();
      await relay.close();
      await dovecot.stop();
      await Promise.all([mailDir, dataDir].map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
  return world;
}

/** Browser mode on a fixed port, so that a restarted engine serves the page from the same origin (and IndexedDB). */
async function startRestartableHost(dataDir: string, webArgs: string[]) {
  const args = [...webArgs, '--port', String(await freePort())];
  let host = await startWebHostProcess(dataDir, args);
  return {
    get host() {
      return host;
    },
    async restart(signal: NodeJS.Signals) {
      await host.kill(signal);
      host = await startWebHostProcess(dataDir, args);
      return host;
    },
  };
}

export interface ServerWorld {
  server: ServerUnderTest;
  readonly host: WebHostProcess;
  /** As MailWorld's: the same port and data folder, a new token. */
  restartHost(signal: NodeJS.Signals): Promise<WebHostProcess>;
  stop(): Promise<void>;
}

export async function startServerWorld(kind: ServerKind, options: { user: string; password: string; seedInbox?: number; webArgs?: string[] }): Promise<ServerWorld> {
  const server = await startServerUnderTest(kind, { user: options.user, password: options.password });
  if (options.seedInbox) await server.seedInbox(options.seedInbox);
  const dataDir = await mkdtemp(join(tmpdir(), 'tern-e2e-data-'));
  const hosting = await startRestartableHost(dataDir, options.webArgs ?? []);
  return {
    server,
    get host() {
      return hosting.host;
    },
    restartHost: (signal) => hosting.restart(signal),
    async stop() {
      await hosting.host.stop();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** "flags" per subject in one folder, as the server has them (doveadm). */
export async function serverFlagsBySubject(world: MailWorld, path: string): Promise<Map<string, string>> {
  const output = await world.dovecot.doveadm(['-f', 'tab', 'fetch', '-u', world.user, 'flags hdr.subject', 'mailbox', path, 'all']);
  const [, ...rows] = output.trim().split('\n');
  return new Map(
    rows.filter(Boolean).map((row) => {
      const [flags = '', subject = ''] = row.split('\t');
      return [subject.trim(), flags];
    }),
  );
}
