/**
 * The desktop app's Save and Open for attachments, against the recording stand-in for `electron`: the native
 * save dialog with the safe name filled in, the decoded file copied (as a stream) to the path the user chose,
 * Cancel writing nothing, a program asked about first, Open copying into a private folder for shell.openPath,
 * and the engine's decoded copy deleted in every case.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BaseWindow, Dialog, Shell } from 'electron';
import { fakeExe, hostileAttachmentMessage, messageWithAttachments, plainName } from '../testing/attachmentMessages';
import { writeAttachment } from '../mime/writeAttachment';
import { AttachmentExports } from '../services/attachmentExports';
import { deliverAttachment } from '../services/deliverAttachment';
import { createDesktopFiles } from './desktopFiles';
import { createFakeElectron } from './testing/fakeElectron';

let dir: string;
const ref = { accountId: 'a1', path: 'INBOX', uid: 7, uidValidity: '1' };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tern-desktop-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function setUp(withWindow = true) {
  const fake = createFakeElectron();
  const window = withWindow ? (new fake.BrowserWindow({}) as unknown as BaseWindow) : null;
  const files = createDesktopFiles({
    dialog: fake.dialog as unknown as Pick<Dialog, 'showSaveDialog'>,
    shell: fake.shell as unknown as Pick<Shell, 'openPath'>,
    defaultDir: () => join(dir, 'Downloads'),
    parent: () => window,
    tempRoot: dir,
  });
  const exports = new AttachmentExports(join(dir, 'exports'));
  const host = { exports, desktop: { setUnreadCount() {}, saveFile: files.saveFile, openFile: files.openFile } };
  return { fake, files, exports, host };
}

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('desktop Save and Open', () => {
  it('shows the save dialog with the safe base name and writes the exact bytes where the user chose', async () => {
    const { fake, host, exports } = setUp();
    const data = Buffer.alloc(3 * 1024 * 1024 + 5, 0);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
    const source = Buffer.from(messageWithAttachments({ subject: 'S', attachments: [{ contentType: 'application/zip', dispositionParams: plainName('../../report.zip'), data }] }));
    const chosen = join(dir, 'chosen.zip');
    fake.dialog.nextSavePath = chosen;

    const answer = await deliverAttachment(host, ref, { index: 0, action: 'save' }, (target) => writeAttachment(source, 0, target));

    expect(answer).toEqual({ kind: 'saved', filename: 'report.zip', size: data.length });
    expect(fake.dialog.saveDialogs).toHaveLength(1);
    expect(fake.dialog.saveDialogs[0]!.withParent).toBe(true);
    expect(fake.dialog.saveDialogs[0]!.options.defaultPath).toBe(join(dir, 'Downloads', 'report.zip'));
    const saved = await readFile(chosen);
    expect(sha(saved)).toBe(sha(data));
    // Never executable; and the engine's decoded copy is gone.
    expect((await stat(chosen)).mode & 0o111).toBe(0);
    expect(await readdir(exports.dir)).toEqual([]);
    expect((await readdir(dir)).filter((name) => name.endsWith('.part'))).toEqual([]);
  });

  it('writes nothing when the user cancels, and replaces an executable file with a non-executable one', async () => {
    const { fake, host, exports } = setUp(false);
    const source = Buffer.from(hostileAttachmentMessage('Files'));
    fake.dialog.nextSavePath = null;
    expect(await deliverAttachment(host, ref, { index: 1, action: 'save' }, (target) => writeAttachment(source, 1, target))).toEqual({ kind: 'cancelled' });
    expect(fake.dialog.saveDialogs[0]!.withParent).toBe(false);
    expect(await readdir(exports.dir)).toEqual([]);

    const existing = join(dir, 'notes.txt');
    await writeFile(existing, 'old', { mode: 0o755 });
    fake.dialog.nextSavePath = existing;
    expect(await deliverAttachment(host, ref, { index: 1, action: 'save' }, (target) => writeAttachment(source, 1, target))).toMatchObject({ kind: 'saved', filename: 'notes.txt' });
    expect((await readFile(existing, 'utf8')).startsWith('Line one of the notes.')).toBe(true);
    expect((await stat(existing)).mode & 0o111).toBe(0);
  });

  it('asks before a program (by its bytes), decodes once, and saves it only when allowed', async () => {
    const { fake, host, exports } = setUp();
    const source = Buffer.from(hostileAttachmentMessage('Files'));
    let decoded = 0;
    const write = (target: string) => {
      decoded++;
      return writeAttachment(source, 3, target);
    };
    fake.dialog.nextSavePath = join(dir, 'prog.exe');
    expect(await deliverAttachment(host, ref, { index: 3, action: 'save' }, write)).toEqual({ kind: 'confirm', filename: 'invoicefdp.exe', description: 'a Windows program (MZ executable)' });
    expect(fake.dialog.saveDialogs).toHaveLength(0);
    expect(await deliverAttachment(host, ref, { index: 3, action: 'save', allowProgram: true }, write)).toMatchObject({ kind: 'saved' });
    expect(decoded).toBe(1);
    expect((await readFile(join(dir, 'prog.exe'))).equals(fakeExe())).toBe(true);
    expect(await readdir(exports.dir)).toEqual([]);
  });

  it('opens a copy in a private folder under its safe name with the system app', async () => {
    const { fake, host, files, exports } = setUp();
    const source = Buffer.from(hostileAttachmentMessage('Files'));
    expect(await deliverAttachment(host, ref, { index: 2, action: 'open' }, (target) => writeAttachment(source, 2, target))).toEqual({ kind: 'opened', filename: '.bashrc' });
    expect(fake.shell.openedPaths).toHaveLength(1);
    const opened = fake.shell.openedPaths[0]!;
    expect(opened.startsWith(join(dir, 'tern-open-'))).toBe(true);
    expect(opened.endsWith('/.bashrc')).toBe(true);
    expect((await stat(join(opened, '..'))).mode & 0o777).toBe(0o700);
    expect((await stat(opened)).mode & 0o777).toBe(0o600);
    expect(await readdir(exports.dir)).toEqual([]);

    fake.shell.nextOpenPathError = 'No application is associated';
    await expect(deliverAttachment(host, ref, { index: 1, action: 'open' }, (target) => writeAttachment(source, 1, target))).rejects.toMatchObject({ message: expect.stringContaining('No program on this computer could open “notes.txt”') });
    await files.cleanUp();
    expect((await readdir(dir)).filter((name) => name.startsWith('tern-open-'))).toEqual([]);
  });

  it('refuses Open where there is no desktop, before decoding anything', async () => {
    const exports = new AttachmentExports(join(dir, 'exports'));
    let decoded = 0;
    await expect(
      deliverAttachment({ exports }, ref, { index: 0, action: 'open' }, async () => {
        decoded++;
        throw new Error('unreachable');
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(decoded).toBe(0);
  });
});
