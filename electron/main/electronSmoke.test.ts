/**
 * Starts the built app in a real Electron, where one is installed. This machine has none (the `electron`
 * package is here for its types), so the checklist itself is covered by the fake-Electron unit tests.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '../..');
const ELECTRON_PACKAGE = join(REPO, 'node_modules/electron');

/** The binary the `electron` package would run, without requiring it (that would try to download one). */
function installedElectron(): string | null {
  const pathFile = join(ELECTRON_PACKAGE, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(ELECTRON_PACKAGE, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const electronBinary = installedElectron();

describe('Electron smoke', () => {
  if (!electronBinary) {
    it.skip('skipped: no Electron binary installed (node_modules/electron has no path.txt/dist); fake-Electron unit tests cover the checklist', () => {});
    return;
  }

  it('starts the built app and keeps running for a few seconds', { timeout: 30_000 }, async () => {
    expect(existsSync(join(REPO, 'out/main/electronMain.js')), 'run `npx electron-vite build` first').toBe(true);
    const home = mkdtempSync(join(tmpdir(), 'tern-smoke-'));
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), ELECTRON_ENABLE_LOGGING: '1' };
    delete env.ELECTRON_RUN_AS_NODE;
    const headless = process.platform === 'linux' && !process.env.DISPLAY ? ['--ozone-platform=headless'] : [];
    const child = spawn(electronBinary, [REPO, ...headless], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const stillRunning = await Promise.race([exited.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 8_000))]);
    child.kill();
    await exited;
    rmSync(home, { recursive: true, force: true });
    expect(stillRunning, output).toBe(true);
    expect(output).not.toMatch(/Uncaught|Error launching app|Unable to load preload/);
  });
});
