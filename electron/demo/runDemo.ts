/**
 * `npm run demo`: Tern against a real mail server on this machine, with a lived-in mailbox and no account
 * to set up. Starts a private Dovecot (IMAP + LMTP), seeds it, starts a loopback SMTP relay into it, then
 * opens the desktop app if one is built, or browser mode otherwise.
 *
 *   npm run demo                          # throwaway data, deleted on exit
 *   npm run demo -- --data-dir ~/tern-demo   # keep mail and settings between runs
 *   npm run demo -- --browser --port 5190    # browser mode even if Electron is installed
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AccountInput } from '../../shared/contract/accounts';
import type { Engine } from '../services/engine';
import { startSmtpRelay, type SmtpRelay } from '../smtp/lmtpRelay';
import { ensureSystemPackages } from './ensureSystemPackages';
import { startPrivateDovecot, type PrivateDovecot } from './privateDovecot';
import { roundedNow, seedSampleMailbox } from './sampleMailbox';

const DEMO_USER = { user: 'alice@example.test', password: 'wonderland' };
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What a --data-dir remembers, so the stored account's ports stay right and the seed happens once. */
interface DemoState {
  imapPort: number;
  smtpPort: number;
  seeded: boolean;
}

interface Running {
  dovecot?: PrivateDovecot;
  relay?: SmtpRelay;
  engine?: Engine;
  web?: { url: string; close(): Promise<void> };
  electron?: ChildProcess;
  dataDir?: string;
  temporary: boolean;
}

const say = (line = '') => process.stdout.write(`${line}\n`);

async function main(running: Running): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      browser: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    say('Usage: npm run demo -- [--data-dir DIR] [--browser] [--port N]');
    say('  --data-dir DIR  keep the demo mail and settings in DIR (default: a temp dir removed on exit)');
    say('  --browser       use browser mode even when the desktop app is available');
    say('  --port N        browser mode: serve on this port (default: any free port)');
    return;
  }
  const webPort = values.port === undefined ? undefined : Number(values.port);
  if (webPort !== undefined && !(Number.isInteger(webPort) && webPort > 0 && webPort < 65536)) {
    throw new Error(`--port must be a port number, got ${values.port}`);
  }

  running.temporary = values['data-dir'] === undefined;
  await ensureSystemPackages({ need: ['dovecot'] });

  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : await mkdtemp(join(tmpdir(), 'tern-demo-'));
  running.dataDir = dataDir;
  await mkdir(dataDir, { recursive: true });
  // Dovecot's mail processes (user nobody) must pass through to <dataDir>/mail; mkdtemp makes it 0700.
  if (running.temporary) await chmod(dataDir, 0o711);
  const statePath = join(dataDir, 'demo.json');
  const state = await readState(statePath);

  const dovecotStarted = performance.now();
  running.dovecot = await startPrivateDovecot({
    users: [DEMO_USER],
    mailDir: join(dataDir, 'mail'),
    ...(state ? { imapPort: state.imapPort } : {}),
  }).catch((error: unknown) => {
    throw state
      ? new Error(`${messageOf(error)}\nThe demo in ${dataDir} was set up with IMAP port ${state.imapPort}; free it or use another --data-dir.`)
      : error;
  });
  const dovecot = running.dovecot;
  say(`Dovecot is up on 127.0.0.1:${dovecot.imapPort} (${Math.round(performance.now() - dovecotStarted)} ms)`);

  if (!state?.seeded) {
    const seeded = await seedSampleMailbox(dovecot, DEMO_USER.user, roundedNow());
    say(`Seeded ${seeded.length} sample messages`);
  }

  running.relay = await startSmtpRelay({
    lmtpHost: dovecot.host,
    lmtpPort: dovecot.lmtpPort,
    users: dovecot.users,
    ...(state ? { port: state.smtpPort } : {}),
  });
  const relay = running.relay;
  await writeFile(statePath, JSON.stringify({ imapPort: dovecot.imapPort, smtpPort: relay.port, seeded: true } satisfies DemoState, null, 2));

  const account: AccountInput = {
    displayName: 'Alice Demo',
    email: DEMO_USER.user,
    imap: { host: dovecot.host, port: dovecot.imapPort, security: 'none', username: DEMO_USER.user },
    smtp: { host: '127.0.0.1', port: relay.port, security: 'none', username: DEMO_USER.user },
    password: DEMO_USER.password,
  };
  const engineDir = join(dataDir, 'tern');
  await mkdir(engineDir, { recursive: true, mode: 0o700 });

  const electronBin = values.browser ? null : await electronBinary();
  if (electronBin) {
    startElectron(running, electronBin, account, engineDir);
    say();
    say('Tern demo is running in the desktop app.');
  } else {
    const url = await startBrowserMode(running, account, engineDir, webPort);
    say();
    say('Tern demo is running in browser mode.');
    say(`  Open       ${url}`);
  }
  say(`  Account    ${DEMO_USER.user} / ${DEMO_USER.password} (already added)`);
  say(`  Servers    IMAP 127.0.0.1:${dovecot.imapPort}, SMTP 127.0.0.1:${relay.port} — plaintext, loopback only`);
  say();
  say('  Try it:');
  say(`  • Send a message to ${DEMO_USER.user}: the relay delivers it to the INBOX.`);
  say('  • Be "another device" and watch Tern follow:');
  say(`      doveadm -c ${dovecot.configPath} flags add -u ${DEMO_USER.user} '\\Flagged' mailbox INBOX uid 1`);
  say(`      printf 'Subject: Hello from doveadm\\n\\nHi!\\n' | doveadm -c ${dovecot.configPath} save -u ${DEMO_USER.user} -m INBOX`);
  say();
  say(
    running.temporary
      ? `  Data: ${dataDir} (temporary, deleted when the demo stops)`
      : `  Data: ${dataDir} (kept; run with the same --data-dir to continue)`,
  );
  say('  Press Ctrl-C to stop.');
}

async function startBrowserMode(
  running: Running,
  account: AccountInput,
  engineDir: string,
  port: number | undefined,
): Promise<string> {
  // Loaded here, not at the top: the desktop path has no use for the web host.
  const { startWebHost } = await import('../main/webHost');
  const { AttachmentDownloads } = await import('../main/attachmentDownloads');
  const { startEngineThread } = await import('../engineThread/startEngineThread');
  const { createLogger } = await import('../services/logger');
  const { AccountStore } = await import('../store/accountStore');
  const { FileSecretStore } = await import('../store/fileSecretStore');

  const rendererDir = join(REPO_ROOT, 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`No renderer build in ${rendererDir}: run \`npm run build:renderer\` (npm run demo does it for you).`);
  }
  const log = createLogger();
  log.addSecret(account.password);
  const hasAccount = (await new AccountStore(engineDir).list()).length > 0;
  const downloads = new AttachmentDownloads();
  // The engine on a thread of its own, as `npm run web` and the desktop app run it.
  running.engine = await startEngineThread({
    dataDir: engineDir,
    downloads,
    secrets: new FileSecretStore(engineDir),
    host: 'web',
    version: await packageVersion(),
    log,
  });
  if (!hasAccount) await running.engine.addAccount(account);
  running.web = await startWebHost({ engine: running.engine, ...(port ? { port } : {}), rendererDir, log, downloads });
  return running.web.url;
}

function startElectron(running: Running, binary: string, account: AccountInput, engineDir: string): void {
  const args = [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), REPO_ROOT];
  const child = spawn(binary, args, {
    stdio: 'inherit',
    env: {
      ...process.env,
      // The password travels in the environment of our own child only; it never touches disk here.
      TERN_DEMO_ACCOUNT: JSON.stringify(account),
      // Keeps the demo account out of the user's real profile.
      TERN_DATA_DIR: engineDir,
    },
  });
  running.electron = child;
  child.once('exit', (code) => void shutdown(running, 'the desktop app closed', code ?? 0));
  child.once('error', (error) => void shutdown(running, `Electron failed to start: ${error.message}`, 1));
}

/** The Electron binary the `electron` package downloaded, if any, and only if the main process is built. */
async function electronBinary(): Promise<string | null> {
  const packageDir = join(REPO_ROOT, 'node_modules', 'electron');
  let relative: string;
  try {
    relative = (await readFile(join(packageDir, 'path.txt'), 'utf8')).trim();
  } catch {
    return null;
  }
  const binary = join(packageDir, 'dist', relative);
  if (!relative || !existsSync(binary)) return null;
  if (!existsSync(join(REPO_ROOT, 'out', 'main', 'electronMain.js'))) {
    say('Electron is installed but the desktop app is not built (`npm run build`); using browser mode.');
    return null;
  }
  return binary;
}

async function readState(path: string): Promise<DemoState | null> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return null;
  }
  const candidate = raw as Partial<Record<keyof DemoState, unknown>> | null;
  const isPort = (value: unknown): value is number => Number.isInteger(value) && (value as number) > 0 && (value as number) < 65536;
  if (!candidate || !isPort(candidate.imapPort) || !isPort(candidate.smtpPort)) return null;
  return { imapPort: candidate.imapPort, smtpPort: candidate.smtpPort, seeded: candidate.seeded === true };
}

async function packageVersion(): Promise<string> {
  const pkg: unknown = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8'));
  const version = (pkg as { version?: unknown } | null)?.version;
  return typeof version === 'string' ? version : '0.0.0';
}

let stopping: Promise<void> | null = null;
let firstSignalAt = 0;

function installShutdown(running: Running): void {
  const onSignal = (signal: NodeJS.Signals) => {
    // One Ctrl-C can arrive twice (from the terminal and relayed by tsx): only a later one means "hurry".
    if (stopping && Date.now() - firstSignalAt < 1_000) return;
    if (stopping) {
      say(`\nStopping anyway (${signal} again).`);
      process.exit(130);
    }
    firstSignalAt = Date.now();
    void shutdown(running, `${signal} received`, 0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Stops in reverse order of start; each step runs even if an earlier one failed. */
function shutdown(running: Running, reason: string, exitCode: number): Promise<void> {
  stopping ??= (async () => {
    say(`\nStopping the demo (${reason})…`);
    const steps: Array<[string, (() => Promise<unknown>) | undefined]> = [
      ['desktop app', running.electron && running.electron.exitCode === null ? async () => running.electron?.kill('SIGTERM') : undefined],
      ['web host', running.web && (() => running.web!.close())],
      ['engine', running.engine && (() => running.engine!.shutdown())],
      ['SMTP relay', running.relay && (() => running.relay!.close())],
      ['Dovecot', running.dovecot && (() => running.dovecot!.stop())],
      ['temporary data', running.temporary && running.dataDir ? () => rm(running.dataDir!, { recursive: true, force: true }) : undefined],
    ];
    for (const [name, step] of steps) {
      if (!step) continue;
      try {
        await step();
      } catch (error) {
        process.stderr.write(`Could not stop the ${name}: ${messageOf(error)}\n`);
      }
    }
    process.exit(exitCode);
  })();
  return stopping;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const running: Running = { temporary: true };
installShutdown(running);
main(running).catch(async (error: unknown) => {
  process.stderr.write(`\nThe demo could not start: ${messageOf(error)}\n`);
  await shutdown(running, 'startup failed', 1);
});
