/**
 * Makes sure the system programs the tests and the demo run are present: Dovecot (IMAP + LMTP, the mail
 * server every integration test talks to), Cyrus IMAP (the second server some suites also run against;
 * unpacked, not installed, see ensureCyrus.ts) and Chromium (the E2E browser). Installs only what is
 * missing, with apt, when run as root; otherwise prints the command to run. Never starts a system service.
 *
 *   npx tsx electron/demo/ensureSystemPackages.ts          # everything
 *   npx tsx electron/demo/ensureSystemPackages.ts dovecot  # just Dovecot
 */
import { spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { ensureCyrus } from './ensureCyrus';
import { DOVEADM_BIN, DOVECOT_BIN } from './privateDovecot';

export type SystemNeed = 'dovecot' | 'cyrus' | 'chromium';

/** Each file we need, and the Debian package that ships it (Cyrus is handled apart, by ensureCyrus). */
const PROGRAMS: Record<Exclude<SystemNeed, 'cyrus'>, ReadonlyArray<{ path: string; pkg: string; data?: true }>> = {
  dovecot: [
    { path: DOVECOT_BIN, pkg: 'dovecot-imapd' },
    { path: DOVEADM_BIN, pkg: 'dovecot-imapd' },
    { path: '/usr/lib/dovecot/imap', pkg: 'dovecot-imapd' },
    { path: '/usr/lib/dovecot/lmtp', pkg: 'dovecot-lmtpd' },
  ],
  chromium: [
    { path: '/usr/bin/chromium', pkg: 'chromium' },
    // Chinese, Japanese and Korean glyphs (1.8 MB): without them the screenshots show empty boxes for names.
    { path: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf', pkg: 'fonts-droid-fallback', data: true },
  ],
};

export class MissingSystemPackagesError extends Error {
  constructor(
    readonly packages: string[],
    readonly command: string,
  ) {
    super(`Missing system packages: ${packages.join(', ')}. Install them with:\n  ${command}`);
    this.name = 'MissingSystemPackagesError';
  }
}

/** Debian package names whose programs are missing, in a stable order, without duplicates. */
export async function missingSystemPackages(need: SystemNeed[]): Promise<string[]> {
  const missing = new Set<string>();
  for (const { path, pkg, data } of need.flatMap((n) => (n === 'cyrus' ? [] : PROGRAMS[n]))) {
    // Programs must be executable; a data file (the font) only readable.
    if (!(await canAccess(path, data ? fsConstants.R_OK : fsConstants.X_OK))) missing.add(pkg);
  }
  return [...missing];
}

export async function ensureSystemPackages(options: {
  need: SystemNeed[];
  log?: (line: string) => void;
}): Promise<void> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const packages = await missingSystemPackages(options.need);
  if (packages.length > 0) await installPackages(packages, options.need, log);
  // After Dovecot: unpacking Cyrus must never be mistaken for installing it, and it reuses apt's fresh lists.
  if (options.need.includes('cyrus')) await ensureCyrus({ log, aptUpdated: packages.length > 0 });
}

async function installPackages(packages: string[], need: SystemNeed[], log: (line: string) => void): Promise<void> {
  const install = `DEBIAN_FRONTEND=noninteractive apt-get install -y ${packages.join(' ')}`;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !(await isExecutable('/usr/bin/apt-get'))) {
    const command = (await isExecutable('/usr/bin/apt-get'))
      ? `sudo apt-get update && sudo ${install}`
      : `(no apt-get here) install Dovecot with IMAP and LMTP, and Chromium, with your package manager: ${packages.join(' ')}`;
    throw new MissingSystemPackagesError(packages, command);
  }

  log(`Installing ${packages.join(', ')} (apt-get update first: a fresh machine's package lists are empty or stale)`);
  await runStreaming('apt-get', ['update']);
  await runStreaming('apt-get', ['install', '-y', ...packages], { DEBIAN_FRONTEND: 'noninteractive' });

  const stillMissing = await missingSystemPackages(need);
  if (stillMissing.length > 0) {
    throw new Error(`apt-get finished but these are still missing: ${stillMissing.join(', ')}`);
  }
  // Debian's postinst may have started a system Dovecot on 143; harmless, our private ones use free ports.
}

async function canAccess(path: string, mode: number): Promise<boolean> {
  try {
    await access(path, mode);
    return true;
  } catch {
    return false;
  }
}

const isExecutable = (path: string) => canAccess(path, fsConstants.X_OK);

function runStreaming(command: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

function parseNeeds(args: string[]): SystemNeed[] {
  if (args.length === 0) return ['dovecot', 'cyrus', 'chromium'];
  return args.map((arg) => {
    if (arg === 'dovecot' || arg === 'cyrus' || arg === 'chromium') return arg;
    throw new Error(`Unknown need "${arg}" (expected dovecot, cyrus and/or chromium)`);
  });
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  try {
    const need = parseNeeds(process.argv.slice(2));
    await ensureSystemPackages({ need });
    process.stdout.write(`System packages present: ${need.join(', ')}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
