/**
 * A minimal IMAP client over a plain socket, for tests that need "another device" on a server without
 * doveadm. Deliberately independent of imapflow and electron/imap/, so a bug there cannot hide itself by
 * also being in the check. Speaks just what the tests send: tagged commands, synchronizing literals out,
 * literals in responses folded back into their line.
 */
import net from 'node:net';

export interface ImapReply {
  /** The tagged status line without the tag, e.g. `OK [READ-WRITE] done`. */
  status: string;
  /** Untagged lines, each with any literal it carried inlined as text. */
  untagged: string[];
}

export class RawImapSession {
  private buffer = Buffer.alloc(0);
  private waiting: (() => void) | null = null;
  private closed = false;
  private tag = 0;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  /** `localAddress` picks the loopback address to come from (another device is another host to the server). */
  static async login(port: number, user: string, password: string, options: { host?: string; localAddress?: string } = {}): Promise<RawImapSession> {
    const socket = net.connect({ port, host: options.host ?? '127.0.0.1', ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const session = new RawImapSession(socket);
    const greeting = await session.readResponseLine();
    if (!greeting.startsWith('* OK')) throw new Error(`unexpected greeting: ${greeting}`);
    await session.ok(`LOGIN ${quote(user)} ${quote(password)}`);
    return session;
  }

  /** Runs a command; `literal` is sent as a synchronizing literal where the command text ends in `{n}`. */
  async command(text: string, literal?: Buffer): Promise<ImapReply> {
    const tag = `d${++this.tag}`;
    if (literal) {
      this.socket.write(`${tag} ${text} {${literal.length}}\r\n`);
      const next = await this.readResponseLine();
      if (!next.startsWith('+')) throw new Error(`${text}: no continuation for the literal: ${next}`);
      this.socket.write(Buffer.concat([literal, Buffer.from('\r\n')]));
    } else {
      this.socket.write(`${tag} ${text}\r\n`);
    }
    const untagged: string[] = [];
    for (;;) {
      const line = await this.readResponseLine();
      if (line.startsWith(`${tag} `)) return { status: line.slice(tag.length + 1), untagged };
      untagged.push(line);
    }
  }

  /** Like command(), but a NO or BAD throws with the server's words. */
  async ok(text: string, literal?: Buffer): Promise<ImapReply> {
    const reply = await this.command(text, literal);
    if (!reply.status.startsWith('OK')) throw new Error(`${text.split(' ')[0]} failed: ${reply.status}`);
    return reply;
  }

  /** One APPEND of many messages (MULTIAPPEND) with non-synchronizing literals (LITERAL+): one round trip, one transaction. */
  async appendAll(mailbox: string, messages: Buffer[]): Promise<void> {
    const tag = `d${++this.tag}`;
    const parts = messages.flatMap((message, i) => [Buffer.from(`${i === 0 ? `${tag} APPEND ${mailbox}` : ''} {${message.length}+}\r\n`), message]);
    this.socket.write(Buffer.concat([...parts, Buffer.from('\r\n')]));
    for (;;) {
      const line = await this.readResponseLine();
      if (!line.startsWith(`${tag} `)) continue;
      if (!line.startsWith(`${tag} OK`)) throw new Error(`APPEND failed: ${line}`);
      return;
    }
  }

  async logout(): Promise<void> {
    if (!this.closed) await this.command('LOGOUT').catch(() => undefined);
    this.socket.destroy();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.();
  }

  /** One response line, with literals (`{n}` CRLF n bytes) inlined as quoted text. */
  private async readResponseLine(): Promise<string> {
    let line = '';
    for (;;) {
      const part = await this.readLine();
      const literal = /\{(\d+)\}$/.exec(part);
      if (!literal) return line + part;
      const size = Number(literal[1]);
      const bytes = await this.readBytes(size);
      line += `${part.slice(0, literal.index)}${quote(bytes.toString('utf8'))}`;
    }
  }

  private async readLine(): Promise<string> {
    for (;;) {
      const end = this.buffer.indexOf('\r\n');
      if (end >= 0) {
        const line = this.buffer.subarray(0, end).toString('utf8');
        this.buffer = this.buffer.subarray(end + 2);
        return line;
      }
      await this.more();
    }
  }

  private async readBytes(size: number): Promise<Buffer> {
    while (this.buffer.length < size) await this.more();
    const bytes = this.buffer.subarray(0, size);
    this.buffer = this.buffer.subarray(size);
    return bytes;
  }

  private async more(): Promise<void> {
    if (this.closed) throw new Error('the server closed the connection');
    await new Promise<void>((resolve) => (this.waiting = resolve));
  }
}

/** An IMAP quoted string (the tests' names and passwords carry no CR or LF). */
export function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Parses `* n FETCH (UID 7 FLAGS (\Seen $Label))` into uid and flags; null for any other line. */
export function parseFetchFlags(line: string): { uid: number; flags: string[] } | null {
  if (!/^\* \d+ FETCH /.test(line)) return null;
  const uid = /[( ]UID (\d+)/.exec(line);
  const flags = /FLAGS \(([^)]*)\)/.exec(line);
  if (!uid || !flags) return null;
  return { uid: Number(uid[1]), flags: (flags[1] ?? '').split(' ').filter(Boolean) };
}

/** Parses `* LIST (\HasNoChildren) "/" "Name"` (or an atom name) into the raw, still encoded name. */
export function parseListName(line: string): string | null {
  const match = /^\* (?:LIST|LSUB) \([^)]*\) (?:NIL|"(?:[^"\\]|\\.)*") (.*)$/.exec(line);
  if (!match) return null;
  const name = match[1] ?? '';
  return name.startsWith('"') ? name.slice(1, -1).replace(/\\(.)/g, '$1') : name;
}
