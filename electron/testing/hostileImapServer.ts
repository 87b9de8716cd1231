/**
 * A small, scriptable IMAP server on loopback for tests that attack the client: by default it speaks just
 * enough IMAP4rev1 for Tern to log in, list folders and sync a mailbox, and each command can be overridden
 * to answer with what a hostile or broken server would send (huge literals, endless lines, a drip, garbage,
 * odd folder names). Every byte the client sent is recorded, so a test can prove a password never crossed.
 */
import net from 'node:net';

export interface HostileMessage {
  uid: number;
  flags: string[];
  source: string;
}

export interface HostileMailbox {
  /** As sent on the wire (modified UTF-7 already applied, or deliberately broken). */
  wireName: string;
  flags?: string[];
  messages?: HostileMessage[];
  uidValidity?: number;
}

export interface ClientCommand {
  tag: string;
  /** Upper-cased, with `UID ` kept as a prefix: `LOGIN`, `LIST`, `UID FETCH`, `SELECT`. */
  name: string;
  /** The rest of the command line after the name (literals inlined). */
  args: string;
}

export interface HostileConnection {
  readonly id: number;
  /** Writes raw bytes; resolves once the socket has taken them (back-pressure respected). */
  write(data: string | Buffer): Promise<void>;
  /** One response line; CRLF is added. */
  line(text: string): Promise<void>;
  /** Sends `data` one byte every `intervalMs` until done or the client hangs up. */
  drip(data: string, intervalMs: number): Promise<void>;
  /** Sends `filler` over and over until `totalBytes` went out or the client hung up; resolves with the bytes sent. */
  flood(filler: Buffer, totalBytes: number): Promise<number>;
  /** The default answer to this command (the built-in server's behaviour). */
  standard(command: ClientCommand): Promise<void>;
  readonly closed: boolean;
  destroy(): void;
}

/** Return `false` to fall back to the standard answer. */
export type CommandHandler = (command: ClientCommand, connection: HostileConnection) => Promise<void | false> | void | false;

export interface HostileScript {
  /** The greeting line without CRLF, or a function that writes one (or not). Default: `* OK hostile ready`. */
  greeting?: string | ((connection: HostileConnection) => Promise<void> | void);
  /** Advertised by CAPABILITY (before and after login). STARTTLS is not in the default. */
  capabilities?: string[];
  mailboxes?: HostileMailbox[];
  delimiter?: string;
  /** Per command name (`LOGIN`, `LIST`, `UID FETCH`…), run instead of the standard answer. */
  on?: Partial<Record<string, CommandHandler>>;
}

export interface HostileImapServer {
  port: number;
  /** Connections accepted so far. */
  connections(): number;
  /** Everything every client sent, in order, as latin1. */
  clientBytes(): string;
  /** Command names received, in order (`LOGIN`, `CAPABILITY`, …). */
  commands(): string[];
  /** Bytes written to clients (all connections). */
  bytesSent(): number;
  close(): Promise<void>;
}

const DEFAULT_CAPABILITIES = ['IMAP4rev1', 'AUTH=PLAIN', 'ID', 'UIDPLUS', 'SPECIAL-USE'];

export async function startHostileImapServer(script: HostileScript = {}): Promise<HostileImapServer> {
  const capabilities = script.capabilities ?? DEFAULT_CAPABILITIES;
  const delimiter = script.delimiter ?? '/';
  const mailboxes = script.mailboxes ?? [{ wireName: 'INBOX', messages: [] }];
  const received: Buffer[] = [];
  const commandLog: string[] = [];
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  let sent = 0;

  const server = net.createServer((socket) => {
    const id = ++accepted;
    // Answers go out in several writes; Nagle's algorithm would hold each back ~40 ms for an ACK.
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let selected: HostileMailbox | null = null;
    let pending = Buffer.alloc(0);
    let busy: Promise<void> = Promise.resolve();
    let continuationSent = false;
    let awaitingAuth: string | null = null;

    const write = (data: string | Buffer): Promise<void> =>
      new Promise((resolve) => {
        if (socket.destroyed) return resolve();
        const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
        sent += bytes.length;
        if (socket.write(bytes)) resolve();
        else {
          const done = () => {
            socket.off('drain', done);
            socket.off('close', done);
            resolve();
          };
          socket.once('drain', done).once('close', done);
        }
      });

    const connection: HostileConnection = {
      id,
      write,
      line: (text) => write(`${text}\r\n`),
      async drip(data, intervalMs) {
        for (const char of data) {
          if (socket.destroyed) return;
          await write(char);
          await new Promise((resolve) => setTimeout(resolve, intervalMs));
        }
      },
      async flood(filler, totalBytes) {
        let out = 0;
        while (out < totalBytes && !socket.destroyed) {
          await write(filler);
          out += filler.length;
        }
        return out;
      },
      standard: (command) => standard(command),
      get closed() {
        return socket.destroyed;
      },
      destroy: () => socket.destroy(),
    };

    const find = (wire: string) => mailboxes.find((box) => box.wireName === wire || (box.wireName.toUpperCase() === 'INBOX' && wire.toUpperCase() === 'INBOX'));

    const fetchItems = (message: HostileMessage, items: string): string => {
      const parts = [`UID ${message.uid}`, `FLAGS (${message.flags.join(' ')})`];
      if (/RFC822\.SIZE/i.test(items)) parts.push(`RFC822.SIZE ${Buffer.byteLength(message.source)}`);
      if (/INTERNALDATE/i.test(items)) parts.push('INTERNALDATE "01-Jan-2026 08:00:00 +0000"');
      if (/ENVELOPE/i.test(items)) parts.push(`ENVELOPE ("Thu, 1 Jan 2026 08:00:00 +0000" "Message ${message.uid}" (("Sender" NIL "sender" "example.test")) NIL NIL (("Alice" NIL "alice" "example.test")) NIL NIL NIL "<m${message.uid}@example.test>")`);
      const fields = /BODY(?:\.PEEK)?\[(HEADER\.FIELDS \([^)]*\))\]/i.exec(items)?.[1];
      if (fields) {
        // The whole header block stands in for the asked fields: a client must pick its fields out anyway.
        const end = message.source.search(/\r?\n\r?\n/);
        const head = `${end < 0 ? message.source : message.source.slice(0, end)}\r\n\r\n`;
        parts.push(`BODY[${fields}] {${Buffer.byteLength(head)}}\r\n${head}`);
      }
      if (/BODY\.PEEK\[\]|BODY\[\]/i.test(items)) parts.push(`BODY[] {${Buffer.byteLength(message.source)}}\r\n${message.source}`);
      return parts.join(' ');
    };

    /** Whether `n` is in an IMAP sequence set such as `1:5,9,12:*` (`*` = `max`). */
    const inSet = (set: string, n: number, max: number): boolean =>
      set.split(',').some((range) => {
        const [a = '', b = a] = range.split(':');
        const from = a === '*' ? max : Number(a);
        const to = b === '*' ? max : Number(b);
        return n >= Math.min(from, to) && n <= Math.max(from, to);
      });

    const uidsIn = (set: string, box: HostileMailbox): HostileMessage[] => {
      const messages = box.messages ?? [];
      const max = messages.reduce((top, m) => Math.max(top, m.uid), 0);
      return messages.filter((m) => inSet(set, m.uid, max));
    };

    async function standard({ tag, name, args }: ClientCommand): Promise<void> {
      const ok = (text = 'done') => connection.line(`${tag} OK ${text}`);
      switch (name) {
        case 'CAPABILITY':
          await connection.line(`* CAPABILITY ${capabilities.join(' ')}`);
          return ok();
        case 'NOOP':
        case 'CHECK':
          return ok();
        case 'ID':
          await connection.line('* ID ("name" "hostile")');
          return ok();
        case 'LOGIN':
          return ok('logged in');
        case 'AUTHENTICATE':
          // Without an initial response the client sends its credentials on the next line, after a `+`.
          if (args.trim().split(' ').length < 2) {
            awaitingAuth = tag;
            return connection.line('+ ');
          }
          return ok('logged in');
        case 'ENABLE':
          return ok();
        case 'NAMESPACE':
          await connection.line(`* NAMESPACE (("" "${delimiter}")) NIL NIL`);
          return ok();
        case 'LIST':
        case 'LSUB':
          // `LIST "" ""` asks only for the hierarchy delimiter.
          if (/^"" ""/.test(args)) {
            await connection.line(`* LIST (\\Noselect) "${delimiter}" ""`);
            return ok();
          }
          {
            // LIST-STATUS (RFC 5819): each folder's STATUS follows its LIST line, all in one round trip.
            const withStatus = name === 'LIST' && /RETURN .*STATUS/i.test(args);
            const lines: string[] = [];
            for (const box of mailboxes) {
              const quoted = `"${box.wireName.replace(/(["\\])/g, '\\$1')}"`;
              lines.push(`* ${name} (${(box.flags ?? []).join(' ')}) "${delimiter}" ${quoted}\r\n`);
              if (withStatus) lines.push(`* STATUS ${quoted} (${statusOf(box)})\r\n`);
              if (lines.length >= 2000) await connection.write(lines.splice(0).join(''));
            }
            await connection.write(lines.join(''));
          }
          return ok();
        case 'STATUS': {
          const box = find(unquote(args.split(' (')[0] ?? ''));
          if (!box) return connection.line(`${tag} NO no such mailbox`);
          await connection.line(`* STATUS "${box.wireName}" (${statusOf(box)})`);
          return ok();
        }
        case 'SELECT':
        case 'EXAMINE': {
          const box = find(unquote(args.split(' (')[0] ?? ''));
          if (!box) return connection.line(`${tag} NO [NONEXISTENT] no such mailbox`);
          selected = box;
          const messages = box.messages ?? [];
          const next = messages.reduce((top, m) => Math.max(top, m.uid), 0) + 1;
          await connection.line('* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)');
          await connection.line(`* ${messages.length} EXISTS`);
          await connection.line(`* OK [UIDVALIDITY ${box.uidValidity ?? 7}] ok`);
          await connection.line(`* OK [UIDNEXT ${next}] ok`);
          return ok(`[${name === 'EXAMINE' ? 'READ-ONLY' : 'READ-WRITE'}] selected`);
        }
        case 'UID SEARCH':
        case 'SEARCH': {
          const box = selected;
          if (!box) return connection.line(`${tag} BAD no mailbox selected`);
          const range = /UID (\S+)/i.exec(args)?.[1];
          const found = range ? uidsIn(range, box) : (box.messages ?? []);
          await connection.line(`* SEARCH${found.map((m) => ` ${m.uid}`).join('')}`);
          return ok();
        }
        case 'UID FETCH':
        case 'FETCH': {
          const box = selected;
          if (!box) return connection.line(`${tag} BAD no mailbox selected`);
          const [set = '', ...rest] = args.split(' ');
          const items = rest.join(' ');
          const all = box.messages ?? [];
          const messages = name === 'UID FETCH' ? uidsIn(set, box) : all.filter((_, index) => inSet(set, index + 1, all.length));
          for (const message of messages) await connection.line(`* ${all.indexOf(message) + 1} FETCH (${fetchItems(message, items)})`);
          return ok();
        }
        case 'LOGOUT':
          await connection.line('* BYE bye');
          await ok();
          socket.end();
          return;
        default:
          return connection.line(`${tag} BAD unknown command ${name}`);
      }
    }

    const dispatch = async (command: ClientCommand) => {
      commandLog.push(command.name);
      const handler = script.on?.[command.name];
      if (handler && (await handler(command, connection)) !== false) return;
      await standard(command);
    };

    // Commands are lines; a `{n}` at the end announces a literal of n bytes that belongs to the same command.
    socket.on('data', (data: Buffer) => {
      received.push(Buffer.from(data));
      pending = Buffer.concat([pending, data]);
      let text = '';
      for (;;) {
        const end = pending.indexOf('\r\n');
        if (end < 0) break;
        const lineText = pending.subarray(0, end).toString('latin1');
        const literal = /\{(\d+)(\+)?\}$/.exec(lineText);
        if (literal) {
          const size = Number(literal[1]);
          if (pending.length < end + 2 + size) {
            if (!literal[2] && !continuationSent) {
              void write('+ go ahead\r\n');
              continuationSent = true;
            }
            break;
          }
          continuationSent = false;
          text += lineText.slice(0, literal.index) + pending.subarray(end + 2, end + 2 + size).toString('latin1');
          pending = pending.subarray(end + 2 + size);
          continue;
        }
        text += lineText;
        pending = pending.subarray(end + 2);
        if (awaitingAuth !== null) {
          const authTag = awaitingAuth;
          awaitingAuth = null;
          text = '';
          busy = busy.then(() => connection.line(`${authTag} OK logged in`));
          continue;
        }
        const match = /^(\S+) (UID \S+|\S+) ?(.*)$/.exec(text);
        text = '';
        if (!match) continue;
        const [, tag = '', rawName = '', args = ''] = match;
        const command = { tag, name: rawName.toUpperCase(), args };
        busy = busy.then(() => dispatch(command)).catch(() => void socket.destroy());
      }
    });

    const greet = async () => {
      if (typeof script.greeting === 'function') await script.greeting(connection);
      else await connection.line(script.greeting ?? '* OK hostile ready');
    };
    busy = greet().catch(() => void socket.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => accepted,
    clientBytes: () => Buffer.concat(received).toString('latin1'),
    commands: () => [...commandLog],
    bytesSent: () => sent,
    close: async () => {
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function statusOf(box: HostileMailbox): string {
  const messages = box.messages ?? [];
  const next = messages.reduce((top, m) => Math.max(top, m.uid), 0) + 1;
  return `MESSAGES ${messages.length} UIDNEXT ${next} UIDVALIDITY ${box.uidValidity ?? 7} UNSEEN 0`;
}

function unquote(value: string): string {
  const trimmed = value.trim();
  if (trimmed.startsWith('"') && trimmed.endsWith('"')) return trimmed.slice(1, -1).replace(/\\(["\\])/g, '$1');
  return trimmed;
}
