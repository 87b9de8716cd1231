import { describe, expect, it } from 'vitest';
import { bridgeTransport } from './connectTransport';

/** A preload bridge whose "main process" side the test plays. */
function fakeBridge() {
  const listeners = new Set<(message: unknown) => void>();
  const sent: unknown[] = [];
  return {
    bridge: {
      send: (message: unknown) => void sent.push(message),
      onMessage: (listener: (message: unknown) => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    fromMain: (message: unknown) => listeners.forEach((listener) => listener(message)),
    sent,
  };
}

describe('the Electron bridge transport', () => {
  it('takes main’s objects as they are and decodes what main relayed encoded from the engine’s thread', () => {
    const { bridge, fromMain } = fakeBridge();
    const received: unknown[] = [];
    bridgeTransport(bridge).onMessage((message) => received.push(message));
    const result = { t: 'result', id: 3, ok: true, value: { uids: [1, 2] } };
    fromMain(result);
    fromMain(JSON.stringify({ t: 'event', name: 'mailboxChanged', payload: { upserts: [] } }));
    fromMain('{not json');
    expect(received).toEqual([result, { t: 'event', name: 'mailboxChanged', payload: { upserts: [] } }]);
  });

  it('sends calls to main as objects', () => {
    const { bridge, sent } = fakeBridge();
    bridgeTransport(bridge).send({ t: 'call', id: 1, method: 'listAccounts', args: {} });
    expect(sent).toEqual([{ t: 'call', id: 1, method: 'listAccounts', args: {} }]);
  });
});
