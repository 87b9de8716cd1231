/**
 * A throwaway Dovecot (IMAP + LMTP) for integration tests and the demo: its own config, sockets, logs and
 * mail under a fresh temp dir, listening on free loopback ports, started as root without touching any system
 * service. See docs in ../shared/handbook/dovecot.md for the facts this relies on.
 */
import { execFile, spawn } from 'node:child_process';
import { constants as fsConstants, readdirSync, readFileSync, rmSync } from 'node:fs';
import { access, chmod, chown, mkdir, mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const DOVECOT_BIN = '/usr/sbin/dovecot';
export const DOVEADM_BIN = '/usr/bin/doveadm';

export interface DovecotUser {
  user: string;
  password: string;
}

export interface PrivateDovecotOptions {
  users?: DovecotUser[];
  /** Replaces the post-login CAPABILITY list (Dovecot's `imap_capability`), e.g. to switch off CONDSTORE/QRESYNC. */
  capabilities?: string;
  /** Keep mail here instead of inside the temp dir (the demo's --data-dir); it survives stop(). */
  mailDir?: string;
  /** Fixed ports instead of free ones (the demo reuses its ports so a stored account stays valid). */
  imapPort?: number;
  lmtpPort?: number;
  /** Raw config lines appended at the end, for scenarios such as a connection limit. */
  extraConfig?: string;
  /** How long to wait for the IMAP greeting; default 15 s. */
  startTimeoutMs?: number;
}

export interface PrivateDovecot {
  host: '127.0.0.1';
  imapPort: number;
  lmtpPort: number;
  dir: string;
  configPath: string;
  users: DovecotUser[];
  /** Runs `doveadm -c <our config> ...args` and resolves with its stdout; rejects with its stderr. */
  doveadm(args: string[], input?: string | Buffer): Promise<string>;
  saveMessage(user: string, mailbox: string, rfc822: string | Buffer): Promise<void>;
  stop(): Promise<void>;
}

export const DEFAULT_DOVECOT_USERS: readonly DovecotUser[] = [{ user: 'alice@example.test', password: 'wonderland' }];

const HOST = '127.0.0.1';
/** Runs auth; Debian's dovecot-core creates this user. */
const INTERNAL_USER = 'dovecot';
const SPECIAL_USE: ReadonlyArray<readonly [name: string, flag: string]> = [
  ['Drafts', '\\Drafts'],
  ['Sent', '\\Sent'],
  ['Trash', '\\Trash'],
  ['Junk', '\\Junk'],
  ['Archive', '\\Archive'],
];

/** Masters still running in this process, so the exit handler can end them if a test never called stop(). */
const live = new Map<string, { masterPid: number | null; watchdogPid: number | null; dir: string }>();
let exitHandlerInstalled = false;

export async function startPrivateDovecot(options: PrivateDovecotOptions = {}): Promise<PrivateDovecot> {
  const users = [...(options.users ?? DEFAULT_DOVECOT_USERS)].map((u) => ({ ...u }));
  validateUsers(users);
  if (options.capabilities !== undefined && !/^[A-Za-z0-9=+.\- ]+$/.test(options.capabilities)) {
    throw new Error(`capabilities must be plain IMAP capability atoms, got ${JSON.stringify(options.capabilities)}`);
  }
  await assertInstalled();

  const dir = await mkdtemp(join(tmpdir(), 'tern-dovecot-'));
  // Mail processes run as `nobody` and must traverse this root-owned dir to reach their homes.
  await chmod(dir, 0o711);
  const record = { masterPid: null as number | null, watchdogPid: null as number | null, dir };
  live.set(dir, record);
  installExitHandler();

  const configPath = join(dir, 'dovecot.conf');
  const logPath = join(dir, 'dovecot.log');
  const pidPath = join(dir, 'run', 'master.pid');
  let imapPort = 0;
  let lmtpPort = 0;
  const stop = onceAsync(async () => {
    live.delete(dir);
    if (record.watchdogPid !== null) killGroup(record.watchdogPid);
    const pid = record.masterPid ?? readPid(pidPath);
    if (pid !== null) await terminate(pid);
    // Children (imap-login) inherit the listening sockets and may outlive the master by a moment.
    await waitUntil(async () => (await canBind(imapPort)) && (await canBind(lmtpPort)), 5_000).catch(() => {});
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  });

  try {
    const mailRoot = options.mailDir ?? join(dir, 'mail');
    if (/[\s"'\\]/.test(mailRoot) || /[\s"'\\]/.test(dir)) {
      throw new Error(`Dovecot paths must not contain spaces, quotes or backslashes: ${mailRoot}`);
    }
    const owner = await systemUserIds('nobody');
    const internal = await systemUserIds(INTERNAL_USER);
    await mkdir(mailRoot, { recursive: true });
    await assertReachable(mailRoot, owner);
    await chown(mailRoot, owner.uid, owner.gid);
    const passwdPath = join(dir, 'passwd');
    await writeFile(passwdPath, users.map((u) => `${u.user}:{PLAIN}${u.password}::::::\n`).join(''), { mode: 0o640 });
    // The auth process reads it as the internal user; nobody else needs the plaintext passwords.
    await chown(passwdPath, 0, internal.gid);

    const fixedPorts = options.imapPort !== undefined || options.lmtpPort !== undefined;
    for (let attempt = 1; ; attempt++) {
      [imapPort, lmtpPort] = await freePorts(options.imapPort, options.lmtpPort);
      const config = renderConfig({ dir, mailRoot, passwdPath, logPath, imapPort, lmtpPort, owner, options });
      await writeFile(configPath, config);
      const started = await launchMaster(configPath, join(dir, 'start.out'));
      if (started.code === 0) break;
      // Another process can grab a port between our probe and Dovecot's bind: pick new ones.
      const raced = /Address already in use/.test(started.stderr) && !fixedPorts && attempt < 3;
      if (!raced) {
        throw new Error(`Dovecot did not start (exit ${started.code}): ${started.stderr.trim()}${await logTail(logPath)}`);
      }
    }

    record.masterPid = await waitFor(() => readPid(pidPath), 5_000, 'Dovecot wrote no master.pid');
    record.watchdogPid = startWatchdog(process.pid, record.masterPid, dir);
    await waitForGreeting(imapPort, options.startTimeoutMs ?? 15_000).catch(async (error: unknown) => {
      throw new Error(`${errorMessage(error)}${await logTail(logPath)}`);
    });
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }

  const doveadm = async (args: string[], input?: string | Buffer): Promise<string> => {
    const result = await run(DOVEADM_BIN, ['-c', configPath, ...args], input);
    if (result.code !== 0) {
      throw new Error(`doveadm ${args.join(' ')} failed (exit ${result.code}): ${result.stderr.trim()}`);
    }
    return result.stdout;
  };

  return {
    host: HOST,
    imapPort,
    lmtpPort,
    dir,
    configPath,
    users,
    doveadm,
    saveMessage: async (user, mailbox, rfc822) => {
      await doveadm(['save', '-u', user, '-m', mailbox], rfc822);
    },
    stop,
  };
}

interface ConfigInput {
  dir: string;
  mailRoot: string;
  passwdPath: string;
  logPath: string;
  imapPort: number;
  lmtpPort: number;
  owner: { uid: number; gid: number };
  options: PrivateDovecotOptions;
}

function renderConfig(c: ConfigInput): string {
  const mailboxes = SPECIAL_USE.map(([name, flag]) =>
    [`  mailbox ${name} {`, `    special_use = ${flag}`, '    auto = subscribe', '  }'].join('\n'),
  ).join('\n');
  // Each block's opening brace ends its line: Dovecot rejects `name { key = value }` on one line.
  return `# Generated by electron/demo/privateDovecot.ts for one test run; deleted on stop().
base_dir = ${c.dir}/run
state_dir = ${c.dir}/state
protocols = imap lmtp
listen = ${HOST}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# Tests try wrong passwords on purpose. Dovecot delays a failure by 2 s and, through anvil, every later
# login from the same IP by up to 15 s: that would slow a suite down for nothing. With the delay at 0 a
# failure still takes ~0.5 s (Dovecot flushes failures on a 500 ms timer).
auth_failure_delay = 0
auth_verbose = yes
log_path = ${c.logPath}
default_internal_user = ${INTERNAL_USER}
default_login_user = dovenull
# Throwaway mail: skipping fsync makes seeding fast.
mail_fsync = never
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${c.passwdPath}
}
userdb {
  driver = passwd-file
  args = username_format=%u ${c.passwdPath}
  default_fields = uid=${c.owner.uid} gid=${c.owner.gid} home=${c.mailRoot}/%u
}
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    address = ${HOST}
    port = ${c.imapPort}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  # No socket, no penalty: auth treats a missing anvil-auth-penalty socket as "penalties off".
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = ${HOST}
    port = ${c.lmtpPort}
  }
}
namespace inbox {
  inbox = yes
${mailboxes}
}
${c.options.capabilities === undefined ? '' : `protocol imap {\n  imap_capability = ${c.options.capabilities}\n}\n`}${c.options.extraConfig ?? ''}
`;
}

function validateUsers(users: DovecotUser[]): void {
  if (users.length === 0) throw new Error('A private Dovecot needs at least one user');
  for (const { user, password } of users) {
    // passwd-file is colon-separated and the user name becomes a path segment of the home dir.
    if (!/^[A-Za-z0-9._%+-]+(@[A-Za-z0-9.-]+)?$/.test(user)) throw new Error(`Unsupported Dovecot user name: ${user}`);
    if (password.length === 0 || /[:\r\n]/.test(password)) throw new Error(`Unsupported password for ${user}`);
  }
}

async function assertInstalled(): Promise<void> {
  for (const bin of [DOVECOT_BIN, DOVEADM_BIN]) {
    try {
      await access(bin, fsConstants.X_OK);
    } catch {
      throw new Error(`${bin} is missing. Install Dovecot with: npx tsx electron/demo/ensureSystemPackages.ts`);
    }
  }
  if (process.getuid?.() !== 0) {
    throw new Error('A private Dovecot has to be started as root (it switches mail processes to the nobody user).');
  }
}

/**
 * Mail processes run as `nobody`, so every directory above the mail root must let it through; a home dir
 * such as /root (0700) does not, and Dovecot's own error would only show up at the first login.
 */
async function assertReachable(mailRoot: string, owner: { uid: number; gid: number }): Promise<void> {
  for (let dir = dirname(mailRoot); ; dir = dirname(dir)) {
    const info = await stat(dir);
    const mode = info.mode;
    const passes =
      (info.uid === owner.uid && mode & 0o100) || (info.gid === owner.gid && mode & 0o010) || mode & 0o001;
    if (!passes) {
      throw new Error(
        `Dovecot's mail processes run as nobody and cannot reach ${mailRoot}: ${dir} is mode ` +
          `${(mode & 0o777).toString(8)}. Use a directory nobody can enter (e.g. under /var/tmp) or run: chmod o+x ${dir}`,
      );
    }
    if (dir === dirname(dir)) return;
  }
}

/** Numeric ids (so the config does not depend on a group called `nogroup`) of a user the dovecot-core package creates or the system has. */
async function systemUserIds(name: string): Promise<{ uid: number; gid: number }> {
  const result = await run('getent', ['passwd', name]);
  const fields = result.stdout.trim().split(':');
  const uid = Number(fields[2]);
  const gid = Number(fields[3]);
  if (result.code !== 0 || !Number.isInteger(uid) || !Number.isInteger(gid)) {
    throw new Error(`Cannot resolve the ${name} user (getent passwd ${name}: ${result.stderr.trim() || result.stdout})`);
  }
  return { uid, gid };
}

async function freePorts(imap: number | undefined, lmtp: number | undefined): Promise<[imap: number, lmtp: number]> {
  // Hold every probe socket open until all are chosen so the two ports differ.
  const results = await Promise.allSettled([imap, lmtp].map((port) => listenOn(port ?? 0)));
  const servers = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const [imapPort, lmtpPort] = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
  if (imapPort === undefined || lmtpPort === undefined) throw new Error('Could not reserve two ports');
  return [imapPort, lmtpPort];
}

function listenOn(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error) =>
      reject(port ? new Error(`Port ${port} on ${HOST} is not free: ${errorMessage(error)}`) : error),
    );
    server.listen(port, HOST, () => resolve(server));
  });
}

function canBind(port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });
}

async function waitForGreeting(port: number, timeoutMs: number): Promise<void> {
  let last = 'no answer yet';
  try {
    await waitUntil(async () => {
      try {
        const line = await readFirstLine(port);
        last = line;
        return line.startsWith('* OK');
      } catch (error) {
        last = errorMessage(error);
        return false;
      }
    }, timeoutMs);
  } catch {
    throw new Error(`Dovecot's IMAP port ${port} gave no "* OK" greeting within ${timeoutMs} ms (last: ${last})`);
  }
}

function readFirstLine(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, HOST);
    let buffer = '';
    socket.setTimeout(2_000, () => socket.destroy(new Error('timed out waiting for a greeting')));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const end = buffer.indexOf('\r\n');
      if (end >= 0) {
        socket.end();
        resolve(buffer.slice(0, end));
      }
    });
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('closed before a greeting')));
  });
}

/**
 * A detached shell that ends Dovecot if this process dies without running its exit handler (SIGKILL, a
 * signal with no handler), so an aborted test run leaves no daemon behind.
 */
function startWatchdog(ownerPid: number, masterPid: number, dir: string): number | null {
  const script = 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill "$2" 2>/dev/null; sleep 1; rm -rf "$3"';
  const child = spawn('sh', ['-c', script, 'tern-dovecot-watchdog', String(ownerPid), String(masterPid), dir], {
    detached: true,
    stdio: 'ignore',
  });
  child.on('error', () => {});
  child.unref();
  return child.pid ?? null;
}

function installExitHandler(): void {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  process.on('exit', () => {
    for (const record of live.values()) {
      if (record.watchdogPid !== null) killGroup(record.watchdogPid);
      const pid = record.masterPid ?? readPid(join(record.dir, 'run', 'master.pid'));
      if (pid !== null) signal(pid, 'SIGTERM');
      try {
        rmSync(record.dir, { recursive: true, force: true });
      } catch {
        // Best effort: the process is exiting and cannot wait for Dovecot's children to let go.
      }
    }
  });
}

/**
 * SIGTERM, then SIGKILL for whatever is left after a grace period. A clean stop takes ~1.1 s (the log
 * process lingers a second); a login process that was just handed a connection can ignore SIGTERM for
 * seconds while holding the listening sockets, and the ports must be free when stop() returns.
 */
async function terminate(pid: number): Promise<void> {
  const children = dovecotChildren(pid);
  if (!signal(pid, 'SIGTERM')) return;
  const exited = await waitUntil(async () => !isAlive(pid), 2_000).then(
    () => true,
    () => false,
  );
  if (!exited) signal(pid, 'SIGKILL');
  for (const child of children) {
    if (isAlive(child) && isDovecotProcess(child)) signal(child, 'SIGKILL');
  }
  if (!exited) await waitUntil(async () => !isAlive(pid), 2_000).catch(() => {});
}

function dovecotChildren(parent: number): number[] {
  const children: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return children;
  }
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

function isDovecotProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('dovecot/');
  } catch {
    return false;
  }
}

function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

function killGroup(pid: number): void {
  signal(-pid, 'SIGTERM');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // The daemonized master is reaped by PID 1, which in a container may take its time: a zombie is gone.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function readPid(path: string): number | null {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

async function logTail(logPath: string, lines = 20): Promise<string> {
  try {
    const text = (await readFile(logPath, 'utf8')).trimEnd();
    return text ? `\n--- last lines of ${logPath} ---\n${text.split('\n').slice(-lines).join('\n')}` : '';
  } catch {
    return '';
  }
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `dovecot` reports config and bind errors on stderr, then daemonizes. Its daemon keeps an inherited stdio
 * pipe open, so waiting for a pipe to close would hang: send the output to a file and wait for the exit.
 */
async function launchMaster(configPath: string, outputPath: string): Promise<RunResult> {
  const output = await open(outputPath, 'w');
  try {
    const child = spawn(DOVECOT_BIN, ['-c', configPath], { stdio: ['ignore', output.fd, output.fd] });
    const code = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (exitCode) => resolve(exitCode ?? 1));
    });
    return { code, stdout: '', stderr: await readFile(outputPath, 'utf8') };
  } finally {
    await output.close();
  }
}

function run(file: string, args: string[], input?: string | Buffer): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(error);
        return;
      }
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
    child.stdin?.on('error', () => {});
    child.stdin?.end(input);
  });
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

async function waitFor<T>(read: () => T | null, timeoutMs: number, message: string): Promise<T> {
  let value: T | null = null;
  try {
    await waitUntil(async () => (value = read()) !== null, timeoutMs);
  } catch {
    throw new Error(`${message} within ${timeoutMs} ms`);
  }
  return value as T;
}

function onceAsync(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  return () => (running ??= fn());
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
