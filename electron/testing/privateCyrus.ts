/**
 * A throwaway Cyrus IMAP 3.6 for tests: the second, independent server the sync and organizing suites also
 * run against. Its config, databases, spool and sockets live in a fresh temp dir owned by the `cyrus` user;
 * it listens on a free loopback port; users live in a private sasldb. The binaries come unpacked from
 * Debian's packages (electron/demo/ensureCyrus.ts). Facts it relies on: ../shared/handbook/oauth2-and-cyrus.md.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CYRUS_BIN_DIR, CYRUS_LIB_DIR, CYRUS_USER, cyrusMissing, SASLPASSWD_BIN } from '../demo/ensureCyrus';

export interface CyrusUser {
  user: string;
  password: string;
}

export interface PrivateCyrusOptions {
  users: CyrusUser[];
  /** Capabilities Cyrus should not advertise (its `suppress_capabilities`), e.g. to switch off MOVE. */
  suppressCapabilities?: string[];
  /** Logins allowed at once from one client address (`maxlogins_per_host`), as a provider's connection limit. */
  maxLoginsPerHost?: number;
}

export interface PrivateCyrus {
  host: '127.0.0.1';
  imapPort: number;
  /** LMTP delivery (lmtpd, preauthorized: -a), for a test relay that hands sent mail to this server. */
  lmtpPort: number;
  dir: string;
  users: CyrusUser[];
  /** Ends every IMAP session (as `doveadm kick` does for Dovecot) by ending the imapd processes serving them. */
  kickSessions(): Promise<void>;
  /** Stops the server, keeping its mail and port, as a crash or a restart would; up() starts it again. */
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const SPECIAL_USE = ['Drafts', 'Sent', 'Trash', 'Junk', 'Archive'];
const live = new Map<string, { master: ChildProcess; dir: string }>();
let exitHandlerInstalled = false;

export async function startPrivateCyrus(options: PrivateCyrusOptions): Promise<PrivateCyrus> {
  const missing = await cyrusMissing();
  if (missing !== null) throw new Error(`Cyrus IMAP cannot start: ${missing}. Run: npx tsx electron/demo/ensureSystemPackages.ts cyrus`);
  if (process.getuid?.() !== 0) throw new Error('A private Cyrus has to be started as root (master switches to the cyrus user).');
  for (const { user, password } of options.users) {
    if (!/^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+$/.test(user)) throw new Error(`Unsupported Cyrus user name: ${user}`);
    if (password.length === 0 || /[\r\n]/.test(password)) throw new Error(`Unsupported password for ${user}`);
  }
  for (const capability of options.suppressCapabilities ?? []) {
    if (!/^[A-Z0-9=+._-]+$/i.test(capability)) throw new Error(`Not a capability atom: ${capability}`);
  }

  const dir = await mkdtemp(join(tmpdir(), 'tern-cyrus-'));
  const configPath = join(dir, 'etc', 'imapd.conf');
  let master: ChildProcess | null = null;
  let watchdog: number | null = null;
  const stop = onceAsync(async () => {
    live.delete(dir);
    if (watchdog !== null) signal(-watchdog, 'SIGTERM');
    if (master) await terminate(master);
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  });

  try {
    // A missing lib/db shows up only as "DBERROR ... skipstamp" in a syslog this machine does not have.
    for (const sub of ['etc', 'spool', ...['db', 'proc', 'socket', 'log', 'msg', 'user', 'quota', 'lock', 'sieve'].map((d) => join('lib', d))]) {
      await mkdir(join(dir, sub), { recursive: true });
    }
    const imapPort = await freePort();
    const lmtpPort = await freePort();
    await writeFile(configPath, imapdConf(dir, options));
    await writeFile(join(dir, 'etc', 'cyrus.conf'), cyrusConf(dir, configPath, { imapPort, lmtpPort }, !noIdle(options)));
    const sasldb = join(dir, 'etc', 'sasldb2');
    for (const { user, password } of options.users) {
      const [local = '', domain = ''] = user.split('@');
      await run(SASLPASSWD_BIN, ['-p', '-c', '-f', sasldb, '-u', domain, local], password);
    }
    const cyrus = await systemUserIds(CYRUS_USER);
    await chownTree(dir, cyrus.uid, cyrus.gid);

    const launch = async () => {
      const started = spawn(join(CYRUS_BIN_DIR, 'master'), ['-C', configPath, '-M', join(dir, 'etc', 'cyrus.conf'), '-p', join(dir, 'master.pid')], {
        env: { ...process.env, LD_LIBRARY_PATH: CYRUS_LIB_DIR },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      master = started;
      const output: string[] = [];
      started.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      started.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      started.once('error', (error) => output.push(String(error)));
      live.set(dir, { master: started, dir });
      installExitHandler();
      try {
        await waitForGreeting(imapPort, 15_000, () => started.exitCode !== null);
      } catch (error) {
        throw new Error(`Cyrus did not start: ${errorMessage(error)}\n${output.join('').trim()}`, { cause: error });
      }
    };
    await launch();
    watchdog = startWatchdog(process.pid, dir);
    return {
      host: HOST,
      imapPort,
      lmtpPort,
      dir,
      users: options.users.map((u) => ({ ...u })),
      async kickSessions() {
        // Only imapd processes busy with a connection: killing idle preforked ones counts as a service failure.
        const masterPid = master?.pid ?? 0;
        for (const pid of childrenOf(masterPid)) if (commandOf(pid).includes('imapd') && hasClient(pid, imapPort)) process.kill(pid, 'SIGTERM');
      },
      async down() {
        if (master) await terminate(master);
        master = null;
        // Children that served a connection may hold the ports a moment longer; up() must be able to bind them.
        const deadline = Date.now() + 5000;
        while (!((await canBind(imapPort)) && (await canBind(lmtpPort))) && Date.now() < deadline) await sleep(25);
      },
      up: launch,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function imapdConf(dir: string, options: PrivateCyrusOptions): string {
  const folders = SPECIAL_USE.join(' | ');
  return `# Generated by electron/testing/privateCyrus.ts for one test run; deleted on stop().
configdirectory: ${dir}/lib
partition-default: ${dir}/spool
defaultpartition: default
servername: localhost
cyrus_user: ${CYRUS_USER}
admins: cyrus
# user@domain logins, each domain its own namespace (the tests' users have addresses for names).
virtdomains: userid
defaultdomain: localhost
unixhierarchysep: yes
altnamespace: yes
sasl_pwcheck_method: auxprop
sasl_auxprop_plugin: sasldb
sasl_sasldb_path: ${dir}/etc/sasldb2
sasl_mech_list: PLAIN LOGIN
allowplaintext: yes
# Otherwise raw 8-bit header bytes are replaced by X on delivery.
munge8bit: 0
# A user's INBOX and special folders appear at the first login, as a provider's would.
autocreate_quota: 0
autocreate_inbox_folders: ${folders}
autocreate_subscribe_folders: ${folders}
# Mail delivered before the user's first login creates the INBOX too.
autocreate_post: yes
${SPECIAL_USE.map((name) => `xlist-${name.toLowerCase()}: ${name}`).join('\n')}
# Throwaway mail: no fsync. Expunges and deletes stay delayed (Cyrus's default, as at providers running it).
skiplist_unsafe: yes
${options.suppressCapabilities?.length ? `suppress_capabilities: ${options.suppressCapabilities.join(' ')}\n` : ''}${options.maxLoginsPerHost ? `maxlogins_per_host: ${options.maxLoginsPerHost}\n` : ''}${noIdle(options) ? '# suppress_capabilities leaves IDLE advertised; a poll interval of 0 switches IDLE off.\nimapidlepoll: 0\n' : ''}`;
}

function noIdle(options: PrivateCyrusOptions): boolean {
  return options.suppressCapabilities?.includes('IDLE') === true;
}

function cyrusConf(dir: string, configPath: string, { imapPort, lmtpPort }: { imapPort: number; lmtpPort: number }, idled: boolean): string {
  // master does not pass -C on to its children: every command names the config itself.
  const bin = (program: string, args = '') => `"${CYRUS_BIN_DIR}/${program} -C ${configPath}${args}"`;
  return `# Generated by electron/testing/privateCyrus.ts; ${dir}
START {
  recover cmd=${bin('ctl_cyrusdb', ' -r')}
}
SERVICES {
  imap cmd=${bin('imapd')} listen="${HOST}:${imapPort}" prefork=0
  # -a: connections on this loopback port are trusted, as Dovecot's LMTP is in the tests.
  lmtp cmd=${bin('lmtpd', ' -a')} listen="${HOST}:${lmtpPort}" prefork=0
}
EVENTS {
  checkpoint cmd=${bin('ctl_cyrusdb', ' -c')} period=30
}
DAEMON {
  # Without idled, IDLE only re-checks the mailbox every 60 s.
  ${idled ? `idled cmd=${bin('idled')}` : ''}
}
`;
}

async function chownTree(path: string, uid: number, gid: number): Promise<void> {
  await chown(path, uid, gid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) await chownTree(child, uid, gid);
    else await chown(child, uid, gid);
  }
}

async function systemUserIds(name: string): Promise<{ uid: number; gid: number }> {
  const [, , uid, gid] = (await run('getent', ['passwd', name])).split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** SIGTERM to master ends its children too; SIGKILL to the group's stragglers after a grace period. */
async function terminate(master: ChildProcess): Promise<void> {
  if (master.exitCode !== null || master.pid === undefined) return;
  const children = childrenOf(master.pid);
  const exited = new Promise<void>((resolve) => master.once('exit', () => resolve()));
  master.kill('SIGTERM');
  const clean = await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]);
  if (!clean) master.kill('SIGKILL');
  for (const pid of children) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone with its master.
    }
  }
}

function childrenOf(parent: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/** Whether the process holds an established TCP socket on our IMAP port (one serving a client). */
function hasClient(pid: number, port: number): boolean {
  let inodes: Set<string>;
  try {
    inodes = new Set(
      readdirSync(`/proc/${pid}/fd`)
        .map((fd) => {
          try {
            return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? '';
          } catch {
            return '';
          }
        })
        .filter(Boolean),
    );
  } catch {
    return false;
  }
  const hexPort = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const table = readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1);
  return table.some((row) => {
    const fields = row.trim().split(/\s+/);
    // local address, state 01 = ESTABLISHED, inode
    return fields[1]?.endsWith(hexPort) === true && fields[3] === '01' && inodes.has(fields[9] ?? '');
  });
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForGreeting(port: number, timeoutMs: number, died: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (died()) throw new Error('master exited');
    try {
      const line = await firstLine(port);
      if (line.startsWith('* OK')) return;
      last = line;
    } catch (error) {
      last = errorMessage(error);
    }
    await sleep(50);
  }
  throw new Error(`no "* OK" greeting on port ${port} within ${timeoutMs} ms (last: ${last})`);
}

function firstLine(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, HOST);
    let buffer = '';
    socket.setTimeout(2000, () => socket.destroy(new Error('no greeting')));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const end = buffer.indexOf('\r\n');
      if (end >= 0) {
        socket.end('a LOGOUT\r\n');
        resolve(buffer.slice(0, end));
      }
    });
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('closed before a greeting')));
  });
}

/**
 * A detached shell that ends Cyrus if this process dies without its exit handler (SIGKILL), so an aborted test
 * run leaves no master listening. It reads the pid file, which up() rewrites.
 */
function startWatchdog(ownerPid: number, dir: string): number | null {
  const script = 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill "$(cat "$2/master.pid")" 2>/dev/null; sleep 1; rm -rf "$2"';
  const child = spawn('sh', ['-c', script, 'tern-cyrus-watchdog', String(ownerPid), dir], { detached: true, stdio: 'ignore' });
  child.on('error', () => {});
  child.unref();
  return child.pid ?? null;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

function installExitHandler(): void {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  process.on('exit', () => {
    for (const { master, dir } of live.values()) {
      master.kill('SIGTERM');
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // Best effort while exiting.
      }
    }
  });
}

function run(file: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
    child.stdin?.on('error', () => {});
    child.stdin?.end(input);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function onceAsync(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  return () => (running ??= fn());
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
