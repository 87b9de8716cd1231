/**
 * Runs the preload the way a sandboxed renderer does — CommonJS in a separate context whose `require` knows
 * only a few modules — with a recording contextBridge/ipcRenderer, and checks what the page receives.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInContext, createContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { createFakePreloadElectron } from '../main/testing/fakeElectron';

const BUILT_PRELOAD = join(import.meta.dirname, '../../out/preload/preload.cjs');

async function compileFromSource(): Promise<string> {
  const result = await build({
    entryPoints: [join(import.meta.dirname, 'preload.ts')],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['electron'],
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced nothing');
  return output.text;
}

/** The code under test: always the source, and the electron-vite output as well once it has been built. */
async function preloadVariants(): Promise<Array<[string, string]>> {
  const variants: Array<[string, string]> = [['compiled from preload.ts', await compileFromSource()]];
  if (existsSync(BUILT_PRELOAD)) variants.push(['out/preload/preload.cjs', readFileSync(BUILT_PRELOAD, 'utf8')]);
  return variants;
}

function runPreload(code: string) {
  const fake = createFakePreloadElectron();
  const required: string[] = [];
  const context = createContext({});
  const globalsBefore = Object.getOwnPropertyNames(runInContext('globalThis', context));
  // Electron's sandboxed preload wrapper: a function scope with a require limited to a few modules.
  const wrapper = runInContext(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, context) as (
    exports: object,
    require: (name: string) => unknown,
    module: { exports: object },
    filename: string,
    dirname: string,
  ) => void;
  const module = { exports: {} };
  wrapper(module.exports, (name) => {
    required.push(name);
    if (name === 'electron') return fake.module;
    throw new Error(`a sandboxed preload cannot require ${name}`);
  }, module, 'preload.cjs', '.');
  const globalsAfter = Object.getOwnPropertyNames(runInContext('globalThis', context));
  return { fake, required, newGlobals: globalsAfter.filter((name) => !globalsBefore.includes(name)) };
}

describe('preload', () => {
  it('requires only electron and adds no globals of its own', async () => {
    for (const [name, code] of await preloadVariants()) {
      const { required, newGlobals } = runPreload(code);
      expect(new Set(required), name).toEqual(new Set(['electron']));
      expect(newGlobals, name).toEqual([]);
    }
  });

  it('exposes exactly one key, ternBridge, holding exactly send and onMessage', async () => {
    for (const [name, code] of await preloadVariants()) {
      const { fake } = runPreload(code);
      expect([...fake.exposed.keys()], name).toEqual(['ternBridge']);
      expect(fake.calls.map((call) => call.method), name).toEqual(['exposeInMainWorld']);
      const bridge = fake.exposed.get('ternBridge') as Record<string, unknown>;
      expect(Object.keys(bridge).sort(), name).toEqual(['onMessage', 'send']);
      expect(typeof bridge.send, name).toBe('function');
      expect(typeof bridge.onMessage, name).toBe('function');
    }
  });

  it('send posts only on tern:rpc, with only the message', async () => {
    for (const [name, code] of await preloadVariants()) {
      const { fake } = runPreload(code);
      const bridge = fake.exposed.get('ternBridge') as { send: (...args: unknown[]) => unknown };
      const message = { t: 'call', id: 1, method: 'getHostInfo', args: {} };
      expect(bridge.send(message, 'extra', 'arguments'), name).toBeUndefined();
      bridge.send({ t: 'call', id: 2, method: 'listAccounts', args: {} });
      const ipcCalls = fake.calls.filter((call) => call.method !== 'exposeInMainWorld');
      expect(ipcCalls, name).toEqual([
        { method: 'send', args: ['tern:rpc', message] },
        { method: 'send', args: ['tern:rpc', { t: 'call', id: 2, method: 'listAccounts', args: {} }] },
      ]);
    }
  });

  it('onMessage listens on tern:rpc only, never passes the IPC event, and unsubscribes', async () => {
    for (const [name, code] of await preloadVariants()) {
      const { fake } = runPreload(code);
      const bridge = fake.exposed.get('ternBridge') as { onMessage: (listener: (...args: unknown[]) => void) => () => unknown };
      const received: unknown[][] = [];
      const unsubscribe = bridge.onMessage((...args) => received.push(args));
      expect([...fake.listeners.keys()], name).toEqual(['tern:rpc']);

      const ipcEvent = { sender: fake.module.ipcRenderer, senderId: 0, ports: [] };
      fake.deliver('tern:rpc', ipcEvent, { t: 'event', name: 'accountsChanged', payload: { accounts: [] } });
      expect(received, name).toEqual([[{ t: 'event', name: 'accountsChanged', payload: { accounts: [] } }]]);

      // The unsubscribe function must not hand back ipcRenderer (removeListener returns it).
      expect(unsubscribe(), name).toBeUndefined();
      fake.deliver('tern:rpc', ipcEvent, { t: 'event', name: 'late', payload: null });
      expect(received, name).toHaveLength(1);
      expect(fake.listeners.get('tern:rpc')?.size, name).toBe(0);
    }
  });
});
