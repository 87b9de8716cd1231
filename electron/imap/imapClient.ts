/**
 * Opens one imapflow connection with the settings every Tern connection must have: TLS never silently
 * dropped, bounded literals and lines, prompt dead-link detection, and a logger that never sees a password.
 * imapflow does not reconnect: a closed client is discarded and a new one opened.
 */
import { ImapFlow } from 'imapflow';
import type { ServerSettings } from '../../shared/contract/accounts';
import { libraryLogger, type Logger } from '../services/logger';
import type { SignInSecret } from '../store/secretStore';
import { describeConnectionError } from '../services/describeConnectionError';
import { DEFAULT_COMMAND_LIMITS, guardCommands, whyClosed } from './commandLimits';

export type ImapClient = ImapFlow;

/**
 * What the connection is for. `watch` IDLEs on one mailbox and renews IDLE well inside the socket timeout, so a
 * dead link shows within about two minutes; `sync` enables QRESYNC (VANISHED arrives as expunge events with
 * UIDs); `work` runs short commands.
 */
export type ConnectionRole = 'work' | 'sync' | 'watch';

export interface OpenImapOptions {
  server: ServerSettings;
  /** A password, or an OAuth2 access token (imapflow then uses OAUTHBEARER when offered, else XOAUTH2). */
  password: SignInSecret;
  log: Logger;
  role?: ConnectionRole;
  /** Log in, then log out at once (the connection test). */
  verifyOnly?: boolean;
  timeouts?: ImapTimeouts;
}

/**
 * How quickly a dead link is noticed: IDLE is renewed every `idleRenewMs` and a connection silent for
 * `socketMs` is closed, so a link that died quietly shows within about `idleRenewMs + socketMs`.
 */
export interface ImapTimeouts {
  socketMs: number;
  idleRenewMs: number;
  /** A command running longer than this must keep data moving (see commandLimits.ts); default 60 s. */
  commandMs?: number;
}

export const DEFAULT_TIMEOUTS: ImapTimeouts = { socketMs: 75_000, idleRenewMs: 45_000, commandMs: DEFAULT_COMMAND_LIMITS.windowMs };

/** The largest literal accepted: a message body up to fetchMessageSource's limit, with room to spare. */
export const MAX_LITERAL_BYTES = 64 * 1024 * 1024;

export async function openImapClient({ server, password, log, role = 'work', verifyOnly = false, timeouts = DEFAULT_TIMEOUTS }: OpenImapOptions): Promise<ImapClient> {
  log.addSecret(typeof password === 'string' ? password : password.accessToken);
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    // true = STARTTLS required: imapflow refuses to authenticate over plaintext when the server lacks it.
    doSTARTTLS: server.security === 'starttls' ? true : server.security === 'none' ? false : undefined,
    auth: typeof password === 'string' ? { user: server.username, pass: password } : { user: server.username, accessToken: password.accessToken },
    // Verbose mode: imapflow's protocol log, through the redacting logger; raw bytes never (logRaw).
    logger: log.verbose ? libraryLogger(log, 'imapflow') : false,
    logRaw: false,
    qresync: role === 'sync',
    verifyOnly,
    // A shorter command window (tests) shortens these too; a greeting is one line.
    connectionTimeout: Math.min(15_000, timeouts.commandMs ?? 15_000),
    greetingTimeout: Math.min(15_000, timeouts.commandMs ?? 15_000),
    socketTimeout: timeouts.socketMs,
    disableAutoIdle: role !== 'watch',
    // Push must be prompt: the default 15 s delay before IDLE hid a change made 1 s after our last command.
    autoIdleDelay: 300,
    maxIdleTime: timeouts.idleRenewMs,
    maxLiteralSize: MAX_LITERAL_BYTES,
    // One UID SEARCH line of a million messages is ~7 MB.
    maxLineLength: 8 * 1024 * 1024,
    // imapflow's default lets one response carry 2 GiB across many literals.
    maxResponseSize: MAX_LITERAL_BYTES + 1024 * 1024,
    clientInfo: { name: 'Tern', vendor: 'Tern' },
  });
  // imapflow emits 'error' as a plain EventEmitter event: without a listener the process would crash.
  client.on('error', (error: Error) => log.warn('imap connection error', { host: server.host, reason: error.message }));
  guardCommands(client, { ...DEFAULT_COMMAND_LIMITS, windowMs: timeouts.commandMs ?? DEFAULT_COMMAND_LIMITS.windowMs }, `IMAP server ${server.host}:${server.port}`);
  try {
    await client.connect();
  } catch (error) {
    client.close();
    throw describeConnectionError(whyClosed(client) ?? error, { protocol: 'IMAP', host: server.host, port: server.port, username: server.username });
  }
  return client;
}
