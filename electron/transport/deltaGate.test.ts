import { describe, expect, it } from 'vitest';
import type { RpcMessage } from '../../shared/ipc/rpcMessage';
import { createTransportPair } from '../../shared/ipc/transport';
import { DeltaGate, gateDeltas, holdUntilAcknowledged } from './deltaGate';

describe('DeltaGate', () => {
  it('sends an unmarked message at once and a marked one when its predecessor is acknowledged', () => {
    const sent: string[] = [];
    const gate = new DeltaGate<string>((message) => sent.push(message));
    gate.send('progress', undefined);
    gate.send('delta 2', 1);
    expect(sent).toEqual(['progress']);
    gate.acknowledged(7, false);
    expect(sent).toEqual(['progress']);
    gate.acknowledged(1, false);
    expect(sent).toEqual(['progress', 'delta 2']);
  });

  it('sends at once what follows a delta acknowledged before it arrived (the engine fell behind)', () => {
    const sent: string[] = [];
    const gate = new DeltaGate<string>((message) => sent.push(message));
    gate.acknowledged(1, false);
    gate.send('delta 2', 1);
    expect(sent).toEqual(['delta 2']);
  });

  it('drops what follows a refused delta, whichever comes first', () => {
    const sent: string[] = [];
    const gate = new DeltaGate<string>((message) => sent.push(message));
    gate.send('delta 2', 1);
    gate.acknowledged(1, true);
    gate.acknowledged(3, true);
    gate.send('delta 4', 3);
    expect(sent).toEqual([]);
  });

  it('sends nothing held once cleared (the connection went away)', () => {
    const sent: string[] = [];
    const gate = new DeltaGate<string>((message) => sent.push(message));
    gate.send('delta 2', 1);
    gate.clear();
    gate.acknowledged(1, false);
    expect(sent).toEqual([]);
  });
});

describe('gateDeltas', () => {
  it('holds a marked event until the peer’s acknowledgeDelta call for its predecessor comes through', async () => {
    const [engineEnd, rendererEnd] = createTransportPair();
    const gated = gateDeltas(engineEnd);
    const calls: unknown[] = [];
    gated.onMessage((message) => calls.push(message));
    const arrived: unknown[] = [];
    rendererEnd.onMessage((message) => arrived.push(message));
    const payload = { deltaId: 2 };
    holdUntilAcknowledged(payload, 1);
    gated.send({ t: 'event', name: 'mailboxChanged', payload });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(arrived).toEqual([]);
    const ack: RpcMessage = { t: 'call', id: 5, method: 'acknowledgeDelta', args: { deltaId: 1 } };
    rendererEnd.send(ack);
    await new Promise((resolve) => setTimeout(resolve, 10));
    // The engine sees the acknowledgement as it came; the held delta goes out behind it.
    expect(calls).toEqual([ack]);
    expect(arrived).toEqual([{ t: 'event', name: 'mailboxChanged', payload }]);
  });
});
