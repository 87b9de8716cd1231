/** The message-source cache on a full disk: it makes room from itself once, then says STORAGE_FULL. */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessageSourceCache } from './messageSourceCache';

const ref = (uid: number) => ({ accountId: 'a', path: 'INBOX', uidValidity: '1', uid });
const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

/** Writes a source, or fails half way like a full disk while `full` says so. */
function filler(state: { full: boolean }) {
  return async (file: string) => {
    await writeFile(file, 'partial');
    if (state.full) throw enospc();
    await writeFile(file, 'Subject: hi\r\n\r\nbody');
    return 19;
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tern-sources-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('MessageSourceCache on a full disk', () => {
  it('drops the sources not in use and downloads once more', async () => {
    const cache = new MessageSourceCache(join(dir, 'sources'));
    const state = { full: false };
    await cache.with(ref(1), filler(state), async () => undefined);
    let attempts = 0;
    const size = await cache.with(
      ref(2),
      async (file) => {
        attempts++;
        // Full until the old source is gone.
        state.full = (await readdir(join(dir, 'sources'))).some((name) => name.endsWith('.eml'));
        return filler(state)(file);
      },
      async (source) => source.size,
    );
    expect(size).toBe(19);
    expect(attempts).toBe(2);
    expect((await readdir(join(dir, 'sources'))).filter((name) => name.endsWith('.eml'))).toHaveLength(1);
  });

  it('with nothing left to drop, refuses with STORAGE_FULL and leaves no partial file', async () => {
    const cache = new MessageSourceCache(join(dir, 'sources'));
    const error = await cache.with(ref(1), filler({ full: true }), async () => undefined).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORAGE_FULL', message: 'Tern could not save a copy of this message to open it: the disk is full. Nothing was changed; free some space and try again.' });
    expect(await readdir(join(dir, 'sources'))).toEqual([]);
  });
});
