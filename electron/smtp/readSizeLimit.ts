/**
 * The largest message the SMTP server takes, from the SIZE it announces in its EHLO answer (RFC 1870), so the
 * composer can warn before a send is refused. A connection of its own that stops after EHLO (and STARTTLS,
 * which the account's security requires as for sending): no AUTH, nothing sent. nodemailer keeps the value
 * only in a private field of its SMTP connection, read here in one place.
 */
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { ServerSettings } from '../../shared/contract/accounts';

const PROBE_TIMEOUT_MS = 8_000;

export function readSizeLimit(server: ServerSettings): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const connection = new SMTPConnection({
      host: server.host,
      port: server.port,
      secure: server.security === 'tls',
      requireTLS: server.security === 'starttls',
      ignoreTLS: server.security === 'none',
      connectionTimeout: PROBE_TIMEOUT_MS,
      greetingTimeout: PROBE_TIMEOUT_MS,
      socketTimeout: PROBE_TIMEOUT_MS,
      logger: false,
      debug: false,
    });
    connection.once('error', (error: Error) => {
      connection.close();
      reject(error);
    });
    connection.connect((error) => {
      if (error) {
        connection.close();
        reject(error);
        return;
      }
      const size = (connection as unknown as { _maxAllowedSize?: unknown })._maxAllowedSize;
      connection.quit();
      resolve(typeof size === 'number' && Number.isSafeInteger(size) && size > 0 ? size : null);
    });
  });
}

/** The SIZE entry of a connection check's capabilities, as verifySmtp reports it. */
export const sizeCapability = (bytes: number) => `SIZE ${bytes}`;

export function sizeFromCapabilities(capabilities: readonly string[]): number | null {
  for (const entry of capabilities) {
    const match = /^SIZE (\d{1,15})$/.exec(entry);
    if (match) return Number(match[1]);
  }
  return null;
}
