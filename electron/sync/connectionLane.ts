/**
 * One IMAP connection that runs one job at a time. Jobs queue in order; a connection that died is replaced
 * by a fresh imapflow instance on the next job (imapflow never reconnects by itself).
 */
import { whyClosed } from '../imap/commandLimits';
import type { ImapClient } from '../imap/imapClient';

export class ConnectionLane {
  private client: ImapClient | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;
  private running = 0;

  constructor(private readonly open: () => Promise<ImapClient>) {}

  /** No job running or waiting: a job given now starts at once. */
  get idle(): boolean {
    return this.running === 0 && !this.closed;
  }

  /** Whether the lane holds an open connection (one the server counts against its limit). */
  get connected(): boolean {
    return !this.closed && this.client?.usable === true;
  }

  /** The mailbox the connection has selected now, if it is open. */
  get selectedPath(): string | null {
    const mailbox = this.client?.usable ? this.client.mailbox : false;
    return mailbox ? mailbox.path : null;
  }

  run<T>(job: (client: ImapClient) => Promise<T>): Promise<T> {
    this.running++;
    const result = this.tail.then(async () => {
      if (this.closed) throw new Error('connection lane closed');
      const client = await this.usableClient();
      try {
        return await job(client);
      } catch (error) {
        // A connection closed under the job fails its commands with "connection not available": report why it
        // was closed instead, when that is known.
        throw whyClosed(client) ?? error;
      }
    });
    this.tail = result.catch(() => undefined).finally(() => this.running--);
    return result;
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    if (client?.usable) await client.logout().catch(() => client.close());
    else client?.close();
  }

  private async usableClient(): Promise<ImapClient> {
    if (this.client?.usable) return this.client;
    this.client?.close();
    this.client = null;
    const client = await this.open();
    client.on('close', () => {
      if (this.client === client) this.client = null;
    });
    this.client = client;
    return client;
  }
}
