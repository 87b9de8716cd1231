/**
 * Small JSON files in the data dir, written atomically: a temp file, flushed to disk, then renamed over the old
 * one. A crash or a full disk at any point leaves either the old file or the new one, never half of one; on
 * a full disk the temp file is removed again and the caller gets STORAGE_FULL.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { diskFullError, isDiskFull } from './diskFull';

export async function readJsonFile<T>(path: string, fallback: T): Promise<T> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw error;
  }
}

/** What the user is told was not saved, by file name. */
const DESCRIPTIONS: Record<string, string> = {
  'accounts.json': 'the account settings',
  'secrets.json': 'the password',
  'sent-log.json': 'the record of sent mail',
};

export async function writeJsonFile(path: string, value: unknown, mode = 0o600): Promise<void> {
  // Two writers of one file (two windows) must not share a temp name.
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const handle = await open(temp, 'w', mode);
    try {
      await handle.writeFile(JSON.stringify(value, null, 2));
      // Flushed before the rename: some file systems only report a full disk (or lose the data) at this point.
      await handle.sync();
      await handle.chmod(mode);
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    if (isDiskFull(error)) throw diskFullError(DESCRIPTIONS[basename(path)] ?? 'a settings file');
    throw error;
  }
}
