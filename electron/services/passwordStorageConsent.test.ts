/**
 * Linux without a keyring: Electron's safeStorage falls back to `basic_text`, which only obfuscates. The engine
 * then stores no password unless the user said yes, and the renderer is told to ask.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountInput } from '../../shared/contract/accounts';
import { createClient } from '../../shared/ipc/createClient';
import { createTransportPair } from '../../shared/ipc/transport';
import { FakeSafeStorage } from '../main/testing/fakeElectron';
import { SafeStorageSecretStore } from '../store/safeStorageSecretStore';
import { createEngine } from './createEngine';
import type { InProcessEngine } from './engine';
import { createLogger } from './logger';

const PASSWORD = 'Canary-Consent-41c9';
let dir: string;
let engine: InProcessEngine;
let safeStorage: FakeSafeStorage;

function account(consent?: boolean): AccountInput {
  // Port 9 on loopback refuses connections: the engine's reconnect loop stays quiet and harmless.
  const server = { host: '127.0.0.1', port: 9, security: 'none' as const, username: 'u' };
  return { displayName: 'U', email: 'u@example.test', password: PASSWORD, imap: server, smtp: server, ...(consent === undefined ? {} : { allowWeakPasswordStorage: consent }) };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tern-consent-'));
  safeStorage = new FakeSafeStorage();
  safeStorage.backend = 'basic_text';
  engine = createEngine({ dataDir: dir, secrets: new SafeStorageSecretStore(dir, safeStorage, 'linux'), host: 'electron', version: 'test', log: createLogger(() => {}) });
});

afterEach(async () => {
  await engine.shutdown();
  await rm(dir, { recursive: true, force: true });
});

describe('storing a password without a keyring', () => {
  it('the renderer is told to ask, with the reason', async () => {
    const [clientEnd, serverEnd] = createTransportPair();
    engine.serve(serverEnd);
    const client = createClient(clientEnd);
    await expect(client.api.getHostInfo({})).resolves.toMatchObject({ askBeforeStoringPassword: true, credentialWarning: expect.stringMatching(/obfuscate/) });
    // Refused before the connection test runs, through the contract as the form would send it.
    await expect(client.api.addAccount(account())).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/no system keyring/) });
    client.dispose();
  });

  it('nothing is stored without a yes', async () => {
    await expect(engine.addAccount(account())).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(engine.addAccount(account(false))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(stat(join(dir, 'secrets.json'))).rejects.toThrow();
    expect(safeStorage.calls).not.toContain('encryptStringAsync');
  });

  it('with a yes, the password is stored through safeStorage and never in plain', async () => {
    await engine.addAccount(account(true));
    const stored = await readFile(join(dir, 'secrets.json'), 'utf8');
    expect(safeStorage.calls).toContain('encryptStringAsync');
    expect(stored).not.toContain(PASSWORD);
    expect(stored).not.toContain(Buffer.from(PASSWORD).toString('base64'));
    expect(await readFile(join(dir, 'accounts.json'), 'utf8')).not.toMatch(/allowWeakPasswordStorage|Canary/);
  });
});
