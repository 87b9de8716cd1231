/** Turns what imapflow and Node's sockets throw into a TernError the user can act on. */
import { TernError } from '../../shared/contract/errors';
import { refusedPasswordAdvice } from '../accounts/refusedPasswordAdvice';

export interface ServerContext {
  protocol: 'IMAP' | 'SMTP';
  host: string;
  port: number;
  username: string;
}

/** imapflow's codes for a response it refused to read: too large, too deep, or not IMAP at all. */
const PROTOCOL_CODES = new Set(['LineTooLarge', 'LiteralTooLarge', 'ResponseTooLarge', 'TooManyResponses', 'TooManyTokens', 'MAX_IMAP_NESTING_REACHED', 'ParserErrorExchange', 'ParserErrorInternal', 'InvalidResponse', 'InvalidTokenValue', 'InvalidStringValue', 'InvalidTextValue', 'ResponseProcessingFailed', 'MissingTag', 'UnexpectedTag']);

const TLS_CODES = /^(ERR_SSL|ERR_TLS|EPROTO|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|HOSTNAME_MISMATCH)/;

export function describeConnectionError(error: unknown, server: ServerContext): TernError {
  const known = recognizeConnectionError(error, server);
  if (known) return known;
  const e = (error ?? {}) as { code?: string; message?: string };
  return new TernError('HOST_UNREACHABLE', `The ${server.protocol} server ${server.host}:${server.port} failed: ${shortReason(e.message || e.code || 'unknown error')}.`);
}

/**
 * The TernError for a failure of the connection itself (or of the server's protocol), or null for anything
 * else — such as a command the server refused, which is the caller's to explain.
 */
export function recognizeConnectionError(error: unknown, server: ServerContext): TernError | null {
  if (error instanceof TernError) return error;
  const e = (error ?? {}) as {
    code?: string;
    message?: string;
    authenticationFailed?: boolean;
    serverResponseCode?: string;
    tlsFailed?: boolean;
    responseCode?: number;
    responseStatus?: string;
    responseText?: string;
  };
  const code = e.code ?? '';
  const message = e.message ?? '';
  const where = `${server.protocol} server ${server.host}:${server.port}`;

  if (PROTOCOL_CODES.has(code)) {
    return new TernError('PROTOCOL_ERROR', `The ${where} sent a response Tern will not accept (${shortReason(message || code)}). This is a fault of the server, not of your settings; Tern closed the connection and will try again.`);
  }
  // Dovecot says [LIMIT]; Cyrus only says so in words, in a NO to LOGIN that imapflow marks authenticationFailed
  // ("Too many open connections (2 of 2 for …)"): the server's own text is checked before blaming the password.
  if (e.serverResponseCode === 'LIMIT' || /too many (open |simultaneous )?connections|maximum number of connections/i.test(`${message}\n${e.responseText ?? ''}`)) {
    return new TernError('CONNECTION_LIMIT', `The ${where} refused another connection (too many at once). Close other mail apps for this account or try again shortly; your password was not rejected.`);
  }
  if (e.authenticationFailed || code === 'EAUTH' || e.serverResponseCode === 'AUTHENTICATIONFAILED') {
    const advice = refusedPasswordAdvice(server.host);
    if (advice) return new TernError('AUTH_FAILED', advice.message);
    return new TernError('AUTH_FAILED', `The ${where} rejected the username or password for “${server.username}”. Check them, or create an app password if your provider requires one.`);
  }
  // The server answered NO or BAD to a command: a refusal to explain by whoever sent it, not a broken link
  // (its text may well mention "TLS" or "timeout").
  if (e.responseStatus === 'NO' || e.responseStatus === 'BAD') return null;
  if (code === 'STARTTLS_INJECTION') {
    return new TernError('TLS_FAILED', `The ${where} slipped unencrypted data in with its answer to STARTTLS, a sign that someone is tampering with the connection. Tern did not send your password; try another network, or TLS (usually port ${server.protocol === 'IMAP' ? 993 : 465}).`);
  }
  if (code === 'GREETING_TIMEOUT') {
    return new TernError('TIMEOUT', `The ${where} sent no greeting in time. If that port expects TLS from the start (usually ${server.protocol === 'IMAP' ? 993 : 465}), choose TLS; otherwise check that you are online.`);
  }
  if (e.tlsFailed && /STARTTLS|PREAUTH/i.test(message)) {
    return new TernError('STARTTLS_UNAVAILABLE', `The ${where} does not offer STARTTLS, so Tern did not send your password. Choose TLS (usually port ${server.protocol === 'IMAP' ? 993 : 465}) or ask your provider for the secure settings.`);
  }
  if (code === 'ETLS' && /STARTTLS/i.test(message)) {
    return new TernError('STARTTLS_UNAVAILABLE', `The ${where} does not offer STARTTLS, so Tern did not send your password. Choose TLS (usually port 465) or ask your provider for the secure settings.`);
  }
  if (e.tlsFailed || code === 'ETLS' || TLS_CODES.test(code) || /certificate|ssl|tls|wrong version number/i.test(message)) {
    return new TernError('TLS_FAILED', `A secure (TLS) connection to the ${where} could not be made: ${shortReason(message || code)}. Check the port and security setting (TLS is usually ${server.protocol === 'IMAP' ? '993' : '465'}, STARTTLS ${server.protocol === 'IMAP' ? '143' : '587'}).`);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EDNS') {
    return new TernError('HOST_NOT_FOUND', `The ${server.protocol} server name “${server.host}” could not be found. Check its spelling and your internet connection.`);
  }
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ECONNRESET' || code === 'ESOCKET' || code === 'ECONNECTION' || code === 'NoConnection' || code === 'EPIPE') {
    return new TernError('HOST_UNREACHABLE', `Tern could not connect to the ${where}: ${shortReason(message || code)}. Check the server name and port, and that you are online.`);
  }
  if (code === 'CONNECT_TIMEOUT' || code === 'ETIMEDOUT' || code === 'GREETING_TIMEOUT' || /timed? ?out|timeout/i.test(message)) {
    return new TernError('TIMEOUT', `The ${where} did not answer in time. Check the server name and port, and that you are online.`);
  }
  if (code === 'EConnectionClosed' || code === 'ClosedAfterConnectText' || code === 'ClosedAfterConnectTLS') {
    return new TernError('HOST_UNREACHABLE', `The connection to the ${where} was closed: ${shortReason(message || code)}.`);
  }
  return null;
}

function shortReason(text: string): string {
  return text.replace(/\s+/g, ' ').slice(0, 160);
}
