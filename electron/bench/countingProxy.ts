/**
 * A TCP proxy between the engine and Dovecot that counts the bytes each connection read from the server,
 * without keeping them (a full sync of 100k messages moves tens of MB). It also notes which connection went
 * IDLE, so a resync's bytes can be told apart from what the server pushes to the watcher.
 */
import net from 'node:net';

export interface ConnectionBytes {
  id: number;
  fromServer: number;
  fromClient: number;
  /** This connection sent IDLE at least once: the INBOX watcher. */
  idles: boolean;
}

export interface CountingProxy {
  port: number;
  connections(): ConnectionBytes[];
  /** Bytes read from the server so far: on every connection, or only on those that never went IDLE. */
  serverBytes(filter?: 'all' | 'notIdle'): number;
  close(): Promise<void>;
}

export async function startCountingProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<CountingProxy> {
  const records: ConnectionBytes[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const record: ConnectionBytes = { id: records.length + 1, fromServer: 0, fromClient: 0, idles: false };
    records.push(record);
    const upstream = net.connect(targetPort, targetHost);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    sockets.add(client).add(upstream);
    client.on('data', (data: Buffer) => {
      record.fromClient += data.length;
      // Commands are short lines; an APPEND literal would be long and is not looked into.
      if (!record.idles && data.length < 256 && /^\S+ IDLE\r\n/m.test(data.toString('latin1'))) record.idles = true;
    });
    upstream.on('data', (data: Buffer) => {
      record.fromServer += data.length;
    });
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => records.map((record) => ({ ...record })),
    serverBytes: (filter = 'all') => records.reduce((sum, record) => sum + (filter === 'notIdle' && record.idles ? 0 : record.fromServer), 0),
    close: async () => {
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
