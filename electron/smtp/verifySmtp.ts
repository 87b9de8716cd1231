/**
 * Connects and authenticates to an SMTP server without sending anything: the add-account connection test.
 * Its capabilities name the server's SIZE limit when it announces one.
 */
import nodemailer from 'nodemailer';
import type { ServerSettings } from '../../shared/contract/accounts';
import { describeConnectionError } from '../services/describeConnectionError';
import { libraryLogger, type Logger } from '../services/logger';
import type { SignInSecret } from '../store/secretStore';
import { readSizeLimit, sizeCapability } from './readSizeLimit';

export function smtpTransportOptions(server: ServerSettings, password: SignInSecret, log?: Logger) {
  return {
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    // STARTTLS required: nodemailer refuses before AUTH when the server does not offer it.
    requireTLS: server.security === 'starttls',
    ignoreTLS: server.security === 'none',
    // An access token goes out as AUTH XOAUTH2 (nodemailer has no OAUTHBEARER).
    auth: typeof password === 'string' ? { user: server.username, pass: password } : { type: 'OAuth2' as const, user: server.username, accessToken: password.accessToken },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    // Verbose mode: nodemailer's SMTP transcript, through the redacting logger.
    logger: log?.verbose ? libraryLogger(log, 'nodemailer') : false,
    debug: log?.verbose === true,
  };
}

export async function verifySmtp(server: ServerSettings, password: SignInSecret, log?: Logger): Promise<string[]> {
  log?.addSecret(typeof password === 'string' ? password : password.accessToken);
  const transport = nodemailer.createTransport(smtpTransportOptions(server, password, log));
  try {
    await transport.verify();
    // Learned here so the composer can warn before a message is too large; never a reason to fail the check.
    const size = await readSizeLimit(server).catch(() => null);
    return size === null ? [] : [sizeCapability(size)];
  } catch (error) {
    throw describeConnectionError(error, { protocol: 'SMTP', host: server.host, port: server.port, username: server.username });
  } finally {
    transport.close();
  }
}
