/**
 * Cyrus IMAP for the second-server tests, without installing it: Debian treats cyrus-imapd and dovecot-imapd
 * as alternatives, so `apt-get install cyrus-imapd` would remove Dovecot. Instead its packages are
 * downloaded and unpacked into a cache dir, the few shared libraries they need are installed, and a
 * `cyrus` system user is created (imapd refuses to run as root). Idempotent: a second run only checks.
 */
import { execFile } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Where the unpacked packages live; outside the checkout so a fresh clone on the same machine reuses it. */
export const CYRUS_ROOT = process.env.TERN_CYRUS_ROOT ?? '/var/cache/tern/cyrus';
export const CYRUS_BIN_DIR = join(CYRUS_ROOT, 'usr/lib/cyrus/bin');
export const CYRUS_LIB_DIR = join(CYRUS_ROOT, 'usr/lib/x86_64-linux-gnu');
export const CYRUS_USER = 'cyrus';
export const SASLPASSWD_BIN = '/usr/sbin/saslpasswd2';
/** The programs a private Cyrus runs. */
export const CYRUS_PROGRAMS = ['master', 'imapd', 'idled', 'ctl_cyrusdb'] as const;

const UNPACKED = ['cyrus-common', 'cyrus-imapd'];
/** Shared libraries the unpacked binaries link against that a Dovecot machine lacks, and saslpasswd2. */
const INSTALLED = ['libical3', 'libpcre3', 'libxapian30', 'sasl2-bin'];

/** Why Cyrus cannot run here, or null when everything is in place. Cheap: a few stat calls and one ldd. */
export async function cyrusMissing(): Promise<string | null> {
  for (const program of CYRUS_PROGRAMS) {
    if (!(await isExecutable(join(CYRUS_BIN_DIR, program)))) return `${join(CYRUS_BIN_DIR, program)} is not unpacked`;
  }
  if (!(await isExecutable(SASLPASSWD_BIN))) return `${SASLPASSWD_BIN} is missing (package sasl2-bin)`;
  const unresolved = await unresolvedLibraries();
  if (unresolved.length > 0) return `Cyrus's libraries are missing: ${unresolved.join(', ')}`;
  if ((await run('getent', ['passwd', CYRUS_USER])).code !== 0) return `there is no ${CYRUS_USER} system user`;
  return null;
}

/**
 * Provides everything cyrusMissing() checks. Needs root and apt-get; `aptUpdated` says whether the
 * caller already ran `apt-get update` in this run.
 */
export async function ensureCyrus(options: { log: (line: string) => void; aptUpdated: boolean }): Promise<void> {
  if ((await cyrusMissing()) === null) return;
  if (process.getuid?.() !== 0 || !(await isExecutable('/usr/bin/apt-get'))) {
    throw new Error(`Cyrus IMAP is missing (${await cyrusMissing()}). Run as root: npx tsx electron/demo/ensureSystemPackages.ts cyrus`);
  }
  let updated = options.aptUpdated;
  const aptUpdate = async () => {
    if (updated) return;
    options.log('apt-get update (a fresh machine has empty or stale package lists)');
    await runChecked('apt-get', ['update', '-qq']);
    updated = true;
  };

  const missingPackages = await notInstalled(INSTALLED);
  if (missingPackages.length > 0) {
    await aptUpdate();
    options.log(`Installing ${missingPackages.join(', ')} (Cyrus's runtime libraries and saslpasswd2)`);
    await runChecked('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missingPackages]);
  }

  if (!(await isExecutable(join(CYRUS_BIN_DIR, 'master')))) {
    await aptUpdate();
    options.log(`Unpacking ${UNPACKED.join(', ')} into ${CYRUS_ROOT} (never installed: that would remove Dovecot)`);
    await unpackInto(CYRUS_ROOT);
  }

  if ((await run('getent', ['passwd', CYRUS_USER])).code !== 0) {
    options.log(`Creating the ${CYRUS_USER} system user (imapd refuses to run as root)`);
    await runChecked('useradd', ['--system', '--gid', 'mail', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', CYRUS_USER]);
  }

  const still = await cyrusMissing();
  if (still !== null) throw new Error(`Cyrus set-up finished but ${still}`);
}

/** Downloads into a scratch dir and renames into place, so an interrupted run leaves no half-unpacked tree. */
async function unpackInto(root: string): Promise<void> {
  await mkdir(join(root, '..'), { recursive: true });
  const scratch = await mkdtemp(`${root}.partial-`);
  try {
    const debs = join(scratch, 'debs');
    await mkdir(debs);
    // apt drops privileges to _apt for downloads; a root-only scratch dir only costs a warning.
    await runChecked('apt-get', ['download', '-qq', ...UNPACKED], debs);
    const tree = join(scratch, 'tree');
    for (const deb of await readdir(debs)) await runChecked('dpkg-deb', ['-x', join(debs, deb), tree]);
    await rm(root, { recursive: true, force: true });
    await rename(tree, root);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function notInstalled(packages: string[]): Promise<string[]> {
  const result = await run('dpkg-query', ['-W', '-f', '${Package} ${db:Status-Status}\n', ...packages]);
  const installed = new Set(
    result.stdout
      .split('\n')
      .filter((line) => line.endsWith(' installed'))
      .map((line) => line.split(' ')[0]),
  );
  return packages.filter((pkg) => !installed.has(pkg));
}

async function unresolvedLibraries(): Promise<string[]> {
  const missing = new Set<string>();
  for (const program of CYRUS_PROGRAMS) {
    const result = await run('ldd', [join(CYRUS_BIN_DIR, program)], undefined, { LD_LIBRARY_PATH: CYRUS_LIB_DIR });
    for (const match of result.stdout.matchAll(/^\s*(\S+) => not found/gm)) missing.add(match[1] ?? '');
  }
  return [...missing];
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], cwd?: string, env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive', ...env }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 127) : 0;
      resolve({ code, stdout, stderr: stderr || (error && typeof error.code !== 'number' ? error.message : '') });
    });
  });
}

async function runChecked(file: string, args: string[], cwd?: string): Promise<void> {
  const result = await run(file, args, cwd);
  if (result.code !== 0) throw new Error(`${file} ${args.join(' ')} failed (exit ${result.code}): ${result.stderr.trim()}`);
}
