/**
 * The network half of the limit: one raw IMAP connection that logs in, EXAMINEs INBOX and sends one
 * `UID FETCH 1:*` of the items Tern's header sync asks for, then only counts bytes until the tagged OK.
 * No parsing at all, so it is as fast as this server and this socket can go.
 */
import net from 'node:net';
import { LIST_HEADER_FIELDS } from '../imap/listHeaderFields';

export interface BareFetchResult {
  /** From sending the FETCH to reading its tagged OK. */
  ms: number;
  /** Bytes of the FETCH response. */
  bytes: number;
}

/** What `fetchHeaders` makes imapflow send (checked against a recording of the engine's own traffic). */
export const HEADER_ITEMS = `UID FLAGS RFC822.SIZE MODSEQ BODY.PEEK[HEADER.FIELDS (${LIST_HEADER_FIELDS.join(' ').toUpperCase()})]`;

function quote(value: string): string {
  return `"${value.replace(/(["\\])/g, '\\$1')}"`;
}

export async function bareFetch(port: number, user: string, password: string, items = HEADER_ITEMS, host = '127.0.0.1'): Promise<BareFetchResult> {
  const socket = net.connect(port, host);
  socket.setNoDelay(true);
  let tail = '';
  let counting = false;
  let bytes = 0;
  let waiter: { tag: string; resolve: () => void; reject: (error: Error) => void } | null = null;
  const check = () => {
    if (!waiter) return;
    // The tagged reply (or, for the greeting, `* OK`) is the last line the server sends for a command.
    const reply = new RegExp(`(?:^|\\r\\n)${waiter.tag === '*' ? '\\*' : waiter.tag} (OK|NO|BAD)[^\\r\\n]*\\r\\n$`).exec(tail);
    if (reply?.[1] === 'OK') waiter.resolve();
    else if (reply) waiter.reject(new Error(`IMAP: ${reply[0].trim()}`));
  };
  socket.on('data', (chunk: Buffer) => {
    if (counting) bytes += chunk.length;
    tail = (tail + chunk.subarray(Math.max(0, chunk.length - 512)).toString('latin1')).slice(-512);
    check();
  });
  const closed = new Promise<never>((_, reject) => {
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('The IMAP server closed the connection')));
  });
  closed.catch(() => undefined);
  const until = (tag: string) =>
    Promise.race([
      new Promise<void>((resolve, reject) => {
        waiter = { tag, resolve, reject };
        check();
      }),
      closed,
    ]).finally(() => (waiter = null));
  try {
    await until('*');
    socket.write(`L1 LOGIN ${quote(user)} ${quote(password)}\r\n`);
    await until('L1');
    socket.write('S1 EXAMINE INBOX\r\n');
    await until('S1');
    tail = '';
    counting = true;
    const started = performance.now();
    socket.write(`F1 UID FETCH 1:* (${items})\r\n`);
    await until('F1');
    const ms = performance.now() - started;
    counting = false;
    socket.end('Z1 LOGOUT\r\n');
    return { ms, bytes };
  } finally {
    socket.destroy();
  }
}
