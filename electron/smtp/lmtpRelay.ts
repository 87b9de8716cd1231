/**
 * A loopback SMTP submission server for tests and the demo: it authenticates against a fixed user list and
 * hands each message to Dovecot over LMTP, so "send" in Tern ends up in a real IMAP mailbox.
 *
 * Plaintext by default (no TLS, AUTH allowed in the clear): it listens on 127.0.0.1 only and exists so tests
 * can exercise a client's `security: 'none'` path. With `tls` it speaks TLS from the first byte instead (port
 * 465 style), for tests where settings come from discovery, which never accepts plaintext. Never point a real
 * account at it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface SmtpRelayUser {
  user: string;
  password: string;
}

export interface SmtpRelayOptions {
  lmtpHost: string;
  lmtpPort: number;
  users: SmtpRelayUser[];
  /** Default 0: any free port (the demo passes its previous one so a stored account keeps working). */
  port?: number;
  /** Advertised with SIZE and enforced; default 25 MiB. */
  maxMessageBytes?: number;
  /** Name in the greeting and the Received header. */
  hostname?: string;
  /** Implicit TLS with this key and certificate instead of plaintext. */
  tls?: { key: string; cert: string };
  /** Accepts AUTH XOAUTH2 too: resolves with the user a bearer token belongs to, or null (the OAuth tests' provider stub). */
  checkAccessToken?: (token: string) => Promise<string | null>;
}

export interface SmtpRelay {
  port: number;
  close(): Promise<void>;
}

const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;
const LMTP_TIMEOUT_MS = 10_000;

/** A reply for our SMTP client; smtp-server sends `responseCode message`. */
class SmtpReplyError extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

function smtpError(responseCode: number, message: string): SmtpReplyError {
  return new SmtpReplyError(responseCode, message);
}

export async function startSmtpRelay(options: SmtpRelayOptions): Promise<SmtpRelay> {
  const maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_BYTES;
  const hostname = options.hostname ?? 'tern-relay.localhost';
  const lmtp = { host: options.lmtpHost, port: options.lmtpPort };

  const server = new SMTPServer({
    name: hostname,
    banner: 'Tern loopback test relay (delivers over LMTP)',
    ...(options.tls ? { secure: true, key: options.tls.key, cert: options.tls.cert, allowInsecureAuth: false } : { secure: false, allowInsecureAuth: true }),
    disabledCommands: ['STARTTLS'],
    authMethods: options.checkAccessToken ? ['PLAIN', 'LOGIN', 'XOAUTH2'] : ['PLAIN', 'LOGIN'],
    size: maxBytes,
    logger: false,
    // close() waits for open sessions; a client that keeps its connection must not hold a test up for 30 s.
    closeTimeout: 2_000,

    onAuth(auth, _session, callback) {
      if (auth.method === 'XOAUTH2') {
        const check = options.checkAccessToken;
        if (!check) return callback(smtpError(504, 'Unrecognized authentication type'));
        check(auth.accessToken ?? '').then(
          (user) => callback(null, user && user.toLowerCase() === (auth.username ?? '').toLowerCase() ? { user } : { data: { status: '401', schemes: 'bearer' } }),
          () => callback(smtpError(454, 'Temporary authentication failure')),
        );
        return;
      }
      const known = options.users.find((u) => u.user.toLowerCase() === (auth.username ?? '').toLowerCase());
      if (known && typeof auth.password === 'string' && sameSecret(known.password, auth.password)) {
        callback(null, { user: known.user });
      } else {
        callback(smtpError(535, 'Authentication failed: invalid username or password'));
      }
    },

    onRcptTo(address, _session, callback) {
      // Ask Dovecot now, so an unknown recipient is refused at RCPT TO with Dovecot's own words, and the
      // other recipients of the same message still get it.
      probeLmtpRecipient(lmtp.host, lmtp.port, address.address).then(
        (reply) => callback(reply.code < 400 ? null : smtpError(reply.code, reply.text)),
        (error: unknown) => callback(smtpError(451, `4.4.1 Mail store unreachable: ${messageOf(error)}`)),
      );
    },

    onData(stream, session, callback) {
      readLimited(stream, maxBytes)
        .then(async (message) => {
          if (stream.sizeExceeded || message === null) {
            throw smtpError(552, `5.3.4 Message exceeds the fixed maximum message size of ${maxBytes} bytes`);
          }
          return deliver(lmtp, hostname, session, message);
        })
        .then(
          (response) => callback(null, response),
          (error: unknown) => callback(isSmtpError(error) ? error : smtpError(451, `4.3.0 ${messageOf(error)}`)),
        );
    },
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.server.address() as net.AddressInfo).port);
    });
  });
  // Connection-level errors (a client resetting its socket) must not crash the process hosting the relay.
  server.on('error', () => {});

  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function deliver(
  lmtp: { host: string; port: number },
  hostname: string,
  session: SMTPServerSession,
  message: Buffer,
): Promise<string> {
  const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address);
  const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
  const transport = nodemailer.createTransport({
    host: lmtp.host,
    port: lmtp.port,
    lmtp: true,
    secure: false,
    ignoreTLS: true,
    name: hostname,
    connectionTimeout: LMTP_TIMEOUT_MS,
    greetingTimeout: LMTP_TIMEOUT_MS,
    socketTimeout: LMTP_TIMEOUT_MS,
    logger: false,
  });
  try {
    const info = await transport.sendMail({
      envelope: { from, to: recipients },
      raw: Buffer.concat([Buffer.from(receivedHeader(hostname, session, recipients)), message]),
    });
    const failed = info.rejectedErrors ?? [];
    if (info.rejected.length > 0) {
      // SMTP has one reply per DATA: report the first LMTP refusal, and who did get the message.
      const first = failed[0];
      const reply = typeof first?.response === 'string' ? parseReplyLine(first.response) : null;
      const delivered = info.accepted.length ? ` (delivered to ${info.accepted.join(', ')} only)` : '';
      throw smtpError(reply?.code ?? 550, `${reply?.text ?? 'Delivery failed'}${delivered}`);
    }
    return `2.0.0 Delivered to ${recipients.length} mailbox${recipients.length === 1 ? '' : 'es'}`;
  } catch (error) {
    if (isSmtpError(error)) throw error;
    const response = (error as { response?: unknown }).response;
    const reply = typeof response === 'string' ? parseReplyLine(response) : null;
    throw reply && reply.code >= 400 ? smtpError(reply.code, reply.text) : smtpError(451, `4.4.1 LMTP delivery failed: ${messageOf(error)}`);
  } finally {
    transport.close();
  }
}

function receivedHeader(hostname: string, session: SMTPServerSession, recipients: string[]): string {
  const helo = session.hostNameAppearsAs || 'unknown';
  const forClause = recipients.length === 1 ? `\r\n\tfor <${recipients[0]}>` : '';
  const date = new Date().toUTCString().replace(/GMT$/, '+0000');
  return (
    `Received: from ${helo} (${session.clientHostname} [${session.remoteAddress}])\r\n` +
    `\tby ${hostname} (Tern test relay) with ${session.transmissionType} id ${session.id}${forClause};\r\n\t${date}\r\n`
  );
}

/** Reads the DATA stream into memory, but stops keeping bytes past the limit (it still drains the rest). */
function readLimited(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    stream.once('error', reject);
    stream.once('end', () => resolve(size > maxBytes ? null : Buffer.concat(chunks)));
  });
}

interface Reply {
  code: number;
  text: string;
}

/**
 * One short LMTP session that asks whether Dovecot would take mail for `address`: LHLO, MAIL FROM:<>,
 * RCPT TO, QUIT. Resolves with the RCPT reply, or with the first refusal before it.
 */
function probeLmtpRecipient(host: string, port: number, address: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const commands = ['LHLO tern-relay.localhost', 'MAIL FROM:<>', `RCPT TO:<${address}>`];
    const socket = net.connect(port, host);
    let buffer = '';
    let lines: string[] = [];
    let settled = false;
    const finish = (reply: Reply) => {
      settled = true;
      socket.end('QUIT\r\n');
      resolve(reply);
    };
    socket.setEncoding('utf8');
    socket.setTimeout(LMTP_TIMEOUT_MS, () => socket.destroy(new Error(`no LMTP reply within ${LMTP_TIMEOUT_MS} ms`)));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while (!settled && (end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        lines.push(line);
        if (line[3] === '-') continue; // a multi-line reply goes on
        const reply = parseReplyLine(lines.join('\n'));
        lines = [];
        if (!reply || reply.code >= 400) {
          finish(reply ?? { code: 451, text: `4.4.1 Unexpected LMTP reply: ${line}` });
          return;
        }
        const next = commands.shift();
        if (next === undefined) {
          finish(reply);
          return;
        }
        socket.write(`${next}\r\n`);
      }
    });
    socket.once('error', (error) => {
      if (!settled) reject(error);
    });
    socket.once('close', () => {
      if (!settled) reject(new Error('LMTP server closed the connection'));
    });
  });
}

/** `550 5.1.1 <x> User doesn't exist` → code 550 and the rest (multi-line replies: the last line's text). */
function parseReplyLine(response: string): Reply | null {
  const last = response.trim().split(/\r?\n/).at(-1) ?? '';
  const match = /^(\d{3})[ -]?(.*)$/.exec(last);
  return match ? { code: Number(match[1]), text: match[2] ?? '' } : null;
}

function sameSecret(expected: string, given: string): boolean {
  // Compare digests so neither the content nor the length leaks through timing.
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

function isSmtpError(error: unknown): error is SmtpReplyError {
  return error instanceof SmtpReplyError;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
