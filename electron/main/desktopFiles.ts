/**
 * The desktop app's side of saving and opening attachments (DesktopShell.saveFile/openFile): the native save
 * dialog, and the system's app for a file's type. The engine hands over a decoded file on disk; it is copied
 * as a stream, so nothing here holds it whole. A saved or opened copy is never made executable: it is written
 * new (mode 0644 or 0600) and renamed into place, so an existing file's mode is not inherited either.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rename, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { BaseWindow, Dialog, Shell } from 'electron';
import { TernError } from '../../shared/contract/errors';
import { safeFilename } from '../../shared/domain/safeFilename';
import type { DesktopShell } from '../services/desktopShell';

export interface DesktopFilesDeps {
  dialog: Pick<Dialog, 'showSaveDialog'>;
  shell: Pick<Shell, 'openPath'>;
  /** Where the save dialog starts (the user's Downloads folder). */
  defaultDir: () => string;
  /** The window the dialog belongs to, when there is one. */
  parent: () => BaseWindow | null;
  /** Where the private folders for opened files go; the system's temp folder by default. */
  tempRoot?: string;
}

export type DesktopFiles = Required<Pick<DesktopShell, 'saveFile' | 'openFile'>> & {
  /** Removes the copies made for opening (at quit: the apps showing them are the user's, the copies are ours). */
  cleanUp(): Promise<void>;
};

/** Copies `from` to a new file beside `to`, then renames it over `to`. */
async function copyInto(from: string, to: string, mode: number): Promise<void> {
  const partial = join(dirname(to), `.${basename(to).slice(0, 100)}.${randomBytes(4).toString('hex')}.part`);
  try {
    await pipeline(createReadStream(from), createWriteStream(partial, { flags: 'wx', mode }));
    await rename(partial, to);
  } catch (error) {
    await unlink(partial).catch(() => undefined);
    throw error;
  }
}

export function createDesktopFiles(deps: DesktopFilesDeps): DesktopFiles {
  const openedDirs: string[] = [];
  return {
    async saveFile(file, defaultName) {
      const name = safeFilename(defaultName);
      const options = { title: 'Save attachment', defaultPath: join(deps.defaultDir(), name), properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const] };
      const parent = deps.parent();
      const chosen = parent ? await deps.dialog.showSaveDialog(parent, options) : await deps.dialog.showSaveDialog(options);
      if (chosen.canceled || !chosen.filePath) return null;
      try {
        await copyInto(file, chosen.filePath, 0o644);
      } catch (error) {
        throw new TernError('INTERNAL', `Tern could not save the file there (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
      }
      return chosen.filePath;
    },
    async openFile(file, name) {
      // A folder of its own (0700), so the copy keeps its safe name and no other user can swap it before it opens.
      const dir = await mkdtemp(join(deps.tempRoot ?? tmpdir(), 'tern-open-'));
      openedDirs.push(dir);
      const target = join(dir, safeFilename(name));
      await copyInto(file, target, 0o600);
      const failure = await deps.shell.openPath(target);
      if (failure) throw new TernError('INTERNAL', `No program on this computer could open “${safeFilename(name)}” (${failure}). Save it instead.`);
    },
    async cleanUp() {
      await Promise.all(openedDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}
