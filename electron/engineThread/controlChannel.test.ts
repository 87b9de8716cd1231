import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { TernError } from '../../shared/contract/errors';
import { createControlChannel } from './controlChannel';

type Left = { double: [number, number]; refuse: [string, never]; crash: [undefined, never] };
type Right = { greet: [{ name: string }, string] };

const opened: MessageChannel[] = [];
afterEach(() => opened.splice(0).forEach(({ port1, port2 }) => (port1.close(), port2.close())));

function pair() {
  const channel = new MessageChannel();
  opened.push(channel);
  const left = createControlChannel<Left, Right>(channel.port1, {
    double: (n) => n * 2,
    refuse: (reason) => Promise.reject(new TernError('AUTH_FAILED', reason)),
    crash: () => {
      throw new Error('a bug on the other side');
    },
  });
  const right = createControlChannel<Right, Left>(channel.port2, { greet: async ({ name }) => `hello ${name}` });
  return { left, right };
}

describe('the control channel between the engine thread and its host', () => {
  it('answers requests both ways, each with its own result', async () => {
    const { left, right } = pair();
    await expect(Promise.all([right.request('double', 21), right.request('double', 4), left.request('greet', { name: 'Tern' })])).resolves.toEqual([42, 8, 'hello Tern']);
  });

  it('keeps a TernError a TernError with its code, and any other error a plain Error with its message', async () => {
    const { right } = pair();
    const refused = await right.request('refuse', 'wrong password').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TernError);
    expect(refused).toMatchObject({ code: 'AUTH_FAILED', message: 'wrong password' });
    const crashed = await right.request('crash', undefined).catch((error: unknown) => error);
    expect(crashed).not.toBeInstanceOf(TernError);
    expect(crashed).toMatchObject({ message: 'a bug on the other side' });
  });

  it('refuses an operation the other side does not have', async () => {
    const { left } = pair();
    await expect((left as unknown as { request(op: string, args: unknown): Promise<unknown> }).request('constructor', {})).rejects.toThrow(/No such operation: constructor/);
  });

  it('fails what is still waiting once closed, and every later request', async () => {
    const channel = new MessageChannel();
    opened.push(channel);
    // Nobody answers on the other end.
    const lonely = createControlChannel<Record<string, never>, Right>(channel.port1, {});
    const waiting = lonely.request('greet', { name: 'nobody' });
    lonely.close('The engine thread ended.');
    await expect(waiting).rejects.toMatchObject({ code: 'DISCONNECTED', message: 'The engine thread ended.' });
    await expect(lonely.request('greet', { name: 'again' })).rejects.toMatchObject({ code: 'DISCONNECTED' });
  });
});
