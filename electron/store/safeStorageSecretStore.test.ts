import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSafeStorage } from '../main/testing/fakeElectron';
import { SafeStorageSecretStore } from './safeStorageSecretStore';

let dir: string;
let safeStorage: FakeSafeStorage;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tern-secrets-'));
  safeStorage = new FakeSafeStorage();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const readFileJson = async (): Promise<Record<string, string>> => JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8')) as Record<string, string>;

describe('SafeStorageSecretStore', () => {
  it('round-trips a password through the async safeStorage API only', async () => {
    const store = new SafeStorageSecretStore(dir, safeStorage, 'linux');
    await store.set('acc-1', 'correct horse battery staple');
    await expect(store.get('acc-1')).resolves.toBe('correct horse battery staple');
    // The fake's sync methods throw, so reaching here means the deprecated API was never used.
    expect(new Set(safeStorage.calls)).toEqual(new Set(['isAsyncEncryptionAvailable', 'encryptStringAsync', 'decryptStringAsync']));
  });

  it('stores base64 ciphertext, never the password, in secrets.json with mode 0600', async () => {
    const store = new SafeStorageSecretStore(dir, safeStorage, 'linux');
    await store.set('acc-1', 'correct horse battery staple');
    const raw = await readFile(join(dir, 'secrets.json'), 'utf8');
    expect(raw).not.toContain('correct horse');
    const stored = (await readFileJson())['acc-1'] ?? '';
    expect(stored).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect((await safeStorage.decryptStringAsync(Buffer.from(stored, 'base64'))).result).toBe('correct horse battery staple');
    expect((await stat(join(dir, 'secrets.json'))).mode & 0o777).toBe(0o600);
  });

  it('returns null for an unknown account and forgets a deleted one', async () => {
    const store = new SafeStorageSecretStore(dir, safeStorage, 'linux');
    await expect(store.get('nobody')).resolves.toBeNull();
    await store.set('acc-1', 'one');
    await store.set('acc-2', 'two');
    await store.delete('acc-1');
    await expect(store.get('acc-1')).resolves.toBeNull();
    await expect(store.get('acc-2')).resolves.toBe('two');
    expect(Object.keys(await readFileJson())).toEqual(['acc-2']);
  });

  it('keeps every entry when saves run concurrently', async () => {
    const store = new SafeStorageSecretStore(dir, safeStorage, 'linux');
    await Promise.all(Array.from({ length: 8 }, (_, i) => store.set(`acc-${i}`, `pw-${i}`)));
    for (let i = 0; i < 8; i += 1) await expect(store.get(`acc-${i}`)).resolves.toBe(`pw-${i}`);
  });

  it('treats an id like "__proto__" as an ordinary key', async () => {
    const store = new SafeStorageSecretStore(dir, safeStorage, 'linux');
    await store.set('__proto__', 'sneaky');
    await expect(store.get('__proto__')).resolves.toBe('sneaky');
    await expect(store.get('constructor')).resolves.toBeNull();
  });

  it('refuses to save, and writes nothing, when encryption is unavailable', async () => {
    safeStorage.available = false;
    const store = new SafeStorageSecretStore(dir, safeStorage, 'linux');
    await expect(store.set('acc-1', 'pw')).rejects.toThrow(/password storage is not available/);
    await expect(stat(join(dir, 'secrets.json'))).rejects.toThrow();
  });

  it('re-encrypts a password when safeStorage asks for it (key rotation)', async () => {
    const store = new SafeStorageSecretStore(dir, safeStorage, 'linux');
    await store.set('acc-1', 'pw');
    const before = (await readFileJson())['acc-1'];
    safeStorage.keyVersion = 2;
    await expect(store.get('acc-1')).resolves.toBe('pw');
    const after = (await readFileJson())['acc-1'];
    expect(after).not.toBe(before);
    expect(Buffer.from(after ?? '', 'base64').toString('latin1')).toMatch(/^v2:/);
  });

  it('warns on Linux when the backend is basic_text, and only then', () => {
    safeStorage.backend = 'basic_text';
    const warning = new SafeStorageSecretStore(dir, safeStorage, 'linux').warning;
    expect(warning).toMatch(/obfuscate/);
    expect(warning).toMatch(/keyring/);
    expect(new SafeStorageSecretStore(dir, safeStorage, 'darwin').warning).toBeNull();
    expect(new SafeStorageSecretStore(dir, safeStorage, 'win32').warning).toBeNull();
    safeStorage.backend = 'gnome_libsecret';
    expect(new SafeStorageSecretStore(dir, safeStorage, 'linux').warning).toBeNull();
    safeStorage.backend = 'kwallet6';
    expect(new SafeStorageSecretStore(dir, safeStorage, 'linux').warning).toBeNull();
  });

  it('asks for consent before storing only where the password would be merely obfuscated', () => {
    safeStorage.backend = 'basic_text';
    expect(new SafeStorageSecretStore(dir, safeStorage, 'linux').needsConsent).toBe(true);
    expect(new SafeStorageSecretStore(dir, safeStorage, 'darwin').needsConsent).toBe(false);
    safeStorage.backend = 'gnome_libsecret';
    expect(new SafeStorageSecretStore(dir, safeStorage, 'linux').needsConsent).toBe(false);
  });
});
