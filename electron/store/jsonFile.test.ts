/**
 * A full disk while a settings file is written: the old file stays whole, no temp file is left behind, the
 * caller gets STORAGE_FULL, and the next write after space comes back works. The disk is made full by a
 * write that fails half way with ENOSPC; where this machine lets a test mount a tiny tmpfs (root on Linux),
 * the same is checked against a real full file system.
 */
import { execFileSync } from 'node:child_process';
import type * as FsPromises from 'node:fs/promises';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TernError } from '../../shared/contract/errors';

const disk = vi.hoisted(() => ({ full: false }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  return {
    ...actual,
    open: async (...args: Parameters<typeof actual.open>) => {
      const handle = await actual.open(...args);
      if (!disk.full) return handle;
      // Half the bytes land, then the disk is full: what a real write does when space runs out mid-file.
      return Object.assign(Object.create(handle) as typeof handle, {
        writeFile: async (data: string) => {
          await handle.writeFile(data.slice(0, Math.floor(data.length / 2)));
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
        },
        close: () => handle.close(),
      });
    },
  };
});

const { readJsonFile, writeJsonFile } = await import('./jsonFile');
const { AccountStore } = await import('./accountStore');

const settings = (email: string) => ({
  displayName: email,
  email,
  imap: { host: 'imap.example.test', port: 993, security: 'tls' as const, username: email },
  smtp: { host: 'smtp.example.test', port: 465, security: 'tls' as const, username: email },
});

let dir: string;
beforeEach(async () => {
  disk.full = false;
  dir = await mkdtemp(join(tmpdir(), 'tern-diskfull-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('writeJsonFile on a full disk', () => {
  it('keeps the old file whole, leaves no temp file, and says STORAGE_FULL', async () => {
    const path = join(dir, 'accounts.json');
    await writeJsonFile(path, { version: 1, accounts: ['old'] });
    const before = await readFile(path, 'utf8');
    disk.full = true;
    const error = await writeJsonFile(path, { version: 1, accounts: ['new', 'x'.repeat(10_000)] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TernError);
    expect((error as TernError).code).toBe('STORAGE_FULL');
    expect((error as TernError).message).toBe('Tern could not save the account settings: the disk is full. Nothing was changed; free some space and try again.');
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual(['accounts.json']);
    disk.full = false;
    await writeJsonFile(path, { version: 1, accounts: ['new'] });
    expect(await readJsonFile(path, null)).toEqual({ version: 1, accounts: ['new'] });
  });

  it('an account store refuses the change, keeps its list as on disk, and saves again once there is room', async () => {
    const store = new AccountStore(dir);
    const first = await store.add(settings('a@example.test'));
    disk.full = true;
    await expect(store.add(settings('b@example.test'))).rejects.toMatchObject({ code: 'STORAGE_FULL' });
    expect((await store.list()).map((account) => account.id)).toEqual([first.id]);
    expect((await new AccountStore(dir).list()).map((account) => account.id)).toEqual([first.id]);
    disk.full = false;
    await store.add(settings('c@example.test'));
    expect((await new AccountStore(dir).list()).map((account) => account.email)).toEqual(['a@example.test', 'c@example.test']);
  });
});

/** A 64 KiB tmpfs, where the machine allows a test to mount one (root on Linux); skipped elsewhere. */
function mountTinyDisk(at: string): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', at], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('on a real full file system', () => {
  it('keeps the old file whole when a tiny tmpfs fills up', async (context) => {
    const mountPoint = join(dir, 'tiny');
    await mkdir(mountPoint);
    if (!mountTinyDisk(mountPoint)) return context.skip('cannot mount a tmpfs here (needs root on Linux)');
    try {
      const path = join(mountPoint, 'accounts.json');
      await writeJsonFile(path, { version: 1, accounts: ['old'] });
      const before = await readFile(path, 'utf8');
      // Fill what is left, so the next write cannot fit.
      await writeFile(join(mountPoint, 'filler'), Buffer.alloc(60 * 1024)).catch(() => undefined);
      await expect(writeJsonFile(path, { version: 1, accounts: ['x'.repeat(32 * 1024)] })).rejects.toMatchObject({ code: 'STORAGE_FULL' });
      expect(await readFile(path, 'utf8')).toBe(before);
      expect((await readdir(mountPoint)).sort()).toEqual(['accounts.json', 'filler']);
      await rm(join(mountPoint, 'filler'));
      await writeJsonFile(path, { version: 1, accounts: ['x'.repeat(32 * 1024)] });
      expect(((await readJsonFile(path, { accounts: [''] })) as { accounts: string[] }).accounts[0]).toHaveLength(32 * 1024);
    } finally {
      execFileSync('umount', [mountPoint], { stdio: 'ignore' });
    }
  });
});
