import { describe, expect, it } from 'vitest';
import type { TernApi } from '../contract/api';
import { METHOD_NAMES } from '../contract/api';
import { TernError } from '../contract/errors';
import { createClient } from './createClient';
import { serve, type Connection } from './serve';
import { createTransportPair } from './transport';

function fakeApi(overrides: Partial<TernApi> = {}): TernApi {
  const notUsed = () => Promise.reject(new TernError('INTERNAL', 'not used'));
  const api = Object.fromEntries(METHOD_NAMES.map((name) => [name, notUsed])) as unknown as TernApi;
  return Object.assign(api, overrides);
}

describe('the contract over a transport', () => {
  it('carries a call, its result and an event', async () => {
    const [clientEnd, serverEnd] = createTransportPair();
    serve(serverEnd, (emit): Connection => ({
      api: fakeApi({
        getHostInfo: async () => {
          emit('syncProgressed', { accountId: 'a', path: 'INBOX', state: 'idle', done: 1, total: 1, error: null });
          return { host: 'web', version: '1.2.3', credentialWarning: null, askBeforeStoringPassword: false };
        },
      }),
      close() {},
    }));
    const client = createClient(clientEnd);
    const events: string[] = [];
    client.on('syncProgressed', (progress) => events.push(progress.path));
    await expect(client.api.getHostInfo({})).resolves.toEqual({ host: 'web', version: '1.2.3', credentialWarning: null, askBeforeStoringPassword: false });
    expect(events).toEqual(['INBOX']);
  });

  it('turns a thrown TernError into the same code on the other side, and hides internal errors', async () => {
    const [clientEnd, serverEnd] = createTransportPair();
    const internal: unknown[] = [];
    serve(
      serverEnd,
      () => ({
        api: fakeApi({
          listAccounts: () => Promise.reject(new TernError('AUTH_FAILED', 'bad password')),
          listMailboxes: () => Promise.reject(new Error('secret stack detail')),
        }),
        close() {},
      }),
      (error) => internal.push(error),
    );
    const { api } = createClient(clientEnd);
    await expect(api.listAccounts({})).rejects.toMatchObject({ code: 'AUTH_FAILED', message: 'bad password' });
    const hidden = await api.listMailboxes({ accountId: 'x' }).catch((error: TernError) => error);
    expect(hidden).toBeInstanceOf(TernError);
    expect((hidden as TernError).code).toBe('INTERNAL');
    expect((hidden as TernError).message).not.toContain('secret stack detail');
    expect(internal).toHaveLength(1);
  });

  it('refuses a method name outside the allow-list, even one that exists on the object', async () => {
    const [clientEnd, serverEnd] = createTransportPair();
    let called = false;
    const api = fakeApi();
    (api as unknown as Record<string, unknown>).constructor = () => {
      called = true;
    };
    serve(serverEnd, () => ({ api, close() {} }));
    const replies: unknown[] = [];
    clientEnd.onMessage((message) => replies.push(message));
    for (const method of ['constructor', '__proto__', 'toString', 'deleteEverything']) {
      clientEnd.send({ t: 'call', id: 7, method, args: {} });
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(called).toBe(false);
    expect(replies).toHaveLength(4);
    for (const reply of replies) expect(reply).toMatchObject({ t: 'result', ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('ignores malformed messages and drops events that are not in the allow-list', async () => {
    const [clientEnd, serverEnd] = createTransportPair();
    const seen: unknown[] = [];
    const client = createClient(clientEnd);
    client.on('accountsChanged', (payload) => seen.push(payload));
    serverEnd.send({ t: 'event', name: 'notAnEvent', payload: 1 });
    serverEnd.send({ t: 'event', name: 'accountsChanged', payload: { accounts: [] } });
    (serverEnd.send as (m: unknown) => void)({ t: 'bogus' });
    (serverEnd.send as (m: unknown) => void)('just a string');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen).toEqual([{ accounts: [] }]);
  });

  it('fails pending calls when the connection closes, and stops the served connection', async () => {
    let closeClient: () => void = () => {};
    let closeServer: () => void = () => {};
    const [a, b] = createTransportPair();
    const clientEnd = { ...a, onClose: (listener: () => void) => ((closeClient = listener), () => {}) };
    const serverEnd = { ...b, onClose: (listener: () => void) => ((closeServer = listener), () => {}) };
    let closed = false;
    serve(serverEnd, () => ({ api: fakeApi({ listAccounts: () => new Promise(() => {}) }), close: () => void (closed = true) }));
    const { api } = createClient(clientEnd);
    const pending = api.listAccounts({});
    closeClient();
    closeServer();
    await expect(pending).rejects.toMatchObject({ code: 'DISCONNECTED' });
    expect(closed).toBe(true);
  });
});
