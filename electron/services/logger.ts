/**
 * The engine's log. Every line passes through `redact`, so a password or token that slips into a message
 * or an error never reaches the terminal or a log file. Verbose mode adds debug lines, among them the IMAP
 * and SMTP libraries' own protocol logs (routed through the same redaction).
 */
import { inspect } from 'node:util';

export interface Logger {
  /** Debug lines are written only in verbose mode (`--verbose`, or TERN_VERBOSE=1). */
  readonly verbose: boolean;
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** Registers a secret to be masked in every later line. */
  addSecret(secret: string): void;
}

const SECRET_KEYS = /pass(word)?|secret|token|auth|credential/i;

/** The forms a secret can take on the way out: as typed, base64 (SASL, Basic auth), percent-encoded. */
function secretForms(secret: string): string[] {
  return [secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret)];
}

export function createLogger(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`), options: { verbose?: boolean } = {}): Logger {
  const secrets = new Set<string>();
  const redact = (text: string): string => {
    let out = text;
    for (const secret of secrets) {
      if (secret.length < 3) continue;
      for (const form of secretForms(secret)) out = out.split(form).join('[redacted]');
    }
    return out;
  };
  const format = (level: string, message: string, fields?: Record<string, unknown>) => {
    const safeFields = fields
      ? JSON.stringify(fields, (key, value: unknown) => (SECRET_KEYS.test(key) ? '[redacted]' : value))
      : '';
    write(redact(`${new Date().toISOString()} ${level} ${message}${safeFields ? ` ${safeFields}` : ''}`));
  };
  const verbose = options.verbose === true;
  return {
    verbose,
    debug: (message, fields) => {
      if (verbose) format('debug', message, fields);
    },
    info: (message, fields) => format('info', message, fields),
    warn: (message, fields) => format('warn', message, fields),
    error: (message, fields) => format('error', message, fields),
    addSecret: (secret) => void secrets.add(secret),
  };
}

type LibraryLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * A logger for imapflow or nodemailer that writes their protocol logs as debug lines. Buffers are shown by
 * size only: a library may log raw bytes, and a password in hex would slip past the redaction.
 */
export function libraryLogger(log: Logger, library: string): Record<LibraryLevel, (...args: unknown[]) => void> {
  const line = (level: LibraryLevel) => (...args: unknown[]) => {
    const text = args
      .map((arg) => (typeof arg === 'string' ? arg : inspect(arg, { depth: 3, breakLength: Infinity, maxStringLength: 2000, maxArrayLength: 50 })))
      .join(' ')
      .replace(/<Buffer( [0-9a-f]{2})+( \.\.\. \d+ more bytes)?>/g, '<bytes>');
    log.debug(`${library} ${level}: ${text}`);
  };
  return { trace: line('trace'), debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error'), fatal: line('fatal') };
}
