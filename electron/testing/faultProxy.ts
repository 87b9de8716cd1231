/**
 * A TCP proxy for fault tests: between Tern and Dovecot it can cut every connection (a reset), cut one in the
 * middle of a server response, stall (forward nothing while keeping the sockets, as a dead link does), slow
 * to a trickle, or refuse new connections (the server is down). It counts connections, so a test can show
 * that the client did not answer faults with a reconnect storm. Unlike recordingProxy it keeps no bytes.
 */
import net from 'node:net';

export type Fault = 'cut' | 'cutMidResponse' | 'stall' | 'trickle' | 'refuse';

export interface FaultProxy {
  port: number;
  /** Connections accepted so far (refused ones included). */
  connections(): number;
  open(): number;
  /** Resets every open connection now. */
  cutAll(): void;
  /** Each open connection is cut inside the next chunk the server sends it (half of it gets through). */
  cutMidResponse(): void;
  /** Stops forwarding in both directions; `resume()` forwards what waited, as a link that came back. */
  stall(): void;
  resume(): void;
  /** Forwards at most this many bytes per second from the server (null: full speed). */
  trickle(bytesPerSecond: number | null): void;
  /** The server is down: open connections are reset, and new ones closed at once, until turned off. */
  refuse(on: boolean): void;
  /** How many times each fault was injected. */
  injected(): Record<Fault, number>;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  cutOnNextChunk: boolean;
}

export async function startFaultProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<FaultProxy> {
  const pairs = new Set<Pair>();
  const counts: Record<Fault, number> = { cut: 0, cutMidResponse: 0, stall: 0, trickle: 0, refuse: 0 };
  let accepted = 0;
  let stalled = false;
  let refusing = false;
  let rate: number | null = null;
  const waitingForResume = new Set<() => void>();

  const whenFlowing = (): Promise<void> => (stalled ? new Promise((resolve) => waitingForResume.add(resolve)) : Promise.resolve());

  /** One direction of a pair, honouring stall and trickle, with back-pressure: reading pauses while we wait. */
  const relay = (pair: Pair, from: net.Socket, to: net.Socket, fromServer: boolean) => {
    let queue = Promise.resolve();
    from.on('data', (data: Buffer) => {
      from.pause();
      queue = queue.then(async () => {
        await whenFlowing();
        if (fromServer && pair.cutOnNextChunk) {
          to.write(data.subarray(0, Math.max(1, data.length >> 1)));
          end(pair);
          return;
        }
        if (fromServer && rate !== null) {
          // A bandwidth limit, not added latency: each piece waits as long as it takes at `rate`.
          const piece = Math.max(1, Math.floor(rate / 20));
          for (let at = 0; at < data.length && !to.destroyed; at += piece) {
            const part = data.subarray(at, at + piece);
            to.write(part);
            await new Promise((resolve) => setTimeout(resolve, (part.length / (rate ?? part.length)) * 1000));
            await whenFlowing();
          }
        } else if (!to.destroyed) {
          to.write(data);
        }
        if (!from.destroyed) from.resume();
      });
    });
  };

  const end = (pair: Pair) => {
    pair.client.destroy();
    pair.upstream.destroy();
    pairs.delete(pair);
  };

  const server = net.createServer((client) => {
    accepted++;
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const pair: Pair = { client, upstream, cutOnNextChunk: false };
    pairs.add(pair);
    relay(pair, client, upstream, false);
    relay(pair, upstream, client, true);
    const close = () => end(pair);
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => accepted,
    open: () => pairs.size,
    cutAll: () => {
      counts.cut++;
      for (const pair of [...pairs]) {
        pair.client.resetAndDestroy();
        end(pair);
      }
    },
    cutMidResponse: () => {
      counts.cutMidResponse++;
      for (const pair of pairs) pair.cutOnNextChunk = true;
    },
    stall: () => {
      counts.stall++;
      stalled = true;
    },
    resume: () => {
      stalled = false;
      for (const wake of waitingForResume) wake();
      waitingForResume.clear();
    },
    trickle: (bytesPerSecond) => {
      if (bytesPerSecond !== null) counts.trickle++;
      rate = bytesPerSecond;
    },
    refuse: (on) => {
      if (on && !refusing) {
        counts.refuse++;
        for (const pair of [...pairs]) {
          pair.client.resetAndDestroy();
          end(pair);
        }
      }
      refusing = on;
    },
    injected: () => ({ ...counts }),
    close: async () => {
      stalled = false;
      for (const wake of waitingForResume) wake();
      for (const pair of [...pairs]) end(pair);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
