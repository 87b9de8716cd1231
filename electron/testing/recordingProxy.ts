/** A TCP proxy for tests that records every byte each side sent, to prove what did (not) cross the wire. */
import net from 'node:net';

export interface RecordingProxy {
  port: number;
  clientBytes(): string;
  serverBytes(): string;
  /** Stops forwarding in both directions while keeping every socket open: a link that died silently. */
  freeze(): void;
  unfreeze(): void;
  close(): Promise<void>;
}

export async function startRecordingProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<RecordingProxy> {
  const chunks: Buffer[] = [];
  const serverChunks: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  let frozen = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, targetHost);
    sockets.add(client).add(upstream);
    client.on('data', (data) => {
      if (frozen) return; // swallowed, as by a dead link
      chunks.push(Buffer.from(data));
      upstream.write(data);
    });
    upstream.on('data', (data) => {
      if (frozen) return;
      serverChunks.push(Buffer.from(data));
      client.write(data);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    clientBytes: () => Buffer.concat(chunks).toString('latin1'),
    serverBytes: () => Buffer.concat(serverChunks).toString('latin1'),
    freeze: () => {
      frozen = true;
    },
    unfreeze: () => {
      frozen = false;
    },
    close: async () => {
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
