/**
 * The packaging settings that are security controls: the Electron fuses (flipped in the binary, so no flag or
 * environment variable can turn Node back on) and what goes into the package.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// js-yaml comes with electron-builder (which parses this file with it); no extra dependency for the test.
const { load } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

const config = load(readFileSync(join(import.meta.dirname, '../../electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('sets every fuse explicitly, to the locked-down value', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs only the build output (without browser mode\'s host) and package.json, into an asar', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(['out/**', '!out/main/webMain.js', 'package.json']);
  });

  it('names the app and its targets', () => {
    expect(config.appId).toBe('org.tern.mail');
    expect(config.productName).toBe('Tern');
    expect(config.directories).toEqual({ buildResources: 'build', output: 'dist' });
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'], category: 'Network;Email' });
    expect(config.mac).toMatchObject({ target: 'dmg', category: 'public.app-category.productivity' });
    expect(config.win).toMatchObject({ target: 'nsis' });
  });
});
