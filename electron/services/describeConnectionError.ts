/** Turns what imapflow and Node's sockets throw into a TernError the user can act on. */
import { TernError } from '../../shared/contract/errors';
import { refusedPasswordAdvice } from '../accounts/refusedPasswordAdvice';

export interface ServerContext {
  protocol: 'IMAP' | 'SMTP';
  host: string;
  port: number;
  username: string;
}

const TLS_CODES = /^(ERR_SSL|ERR_TLS|EPROTO|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|HOSTNAME_MISMATCH)/;

export function describeConnectionError(error: unknown, server: ServerContext): TernError {
  if (error instanceof TernError) return error;
  const e = (error ?? {}) as {
    code?: string;
    message?: string;
    authenticationFailed?: boolean;
    serverResponseCode?: string;
    tlsFailed?: boolean;
    responseCode?: number;
  };
  const code = e.code ?? '';
  const message = e.message ?? '';
  const where = `${server.protocol} server ${server.host}:${server.port}`;

  if (e.serverResponseCode === 'LIMIT' || /too many (simultaneous )?connections|maximum number of connections/i.test(message)) {
    return new TernError('CONNECTION_LIMIT', `The ${where} refused another connection (too many at once). Close other mail apps for this account or try again shortly; your password was not rejected.`);
  }
  if (e.authenticationFailed || code === 'EAUTH' || e.serverResponseCode === 'AUTHENTICATIONFAILED') {
    const advice = refusedPasswordAdvice(server.host);
    if (advice) return new TernError('AUTH_FAILED', advice.message);
    return new TernError('AUTH_FAILED', `The ${where} rejected the username or password for “${server.username}”. Check them, or create an app password if your provider requires one.`);
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
  return new TernError('HOST_UNREACHABLE', `The ${where} failed: ${shortReason(message || code || 'unknown error')}.`);
}

function shortReason(text: string): string {
  return text.replace(/\s+/g, ' ').slice(0, 160);
}
