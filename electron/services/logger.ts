/**
 * The engine's log. Every line passes through `redact`, so a password or token that slips into a message
 * or an error never reaches the terminal or a log file.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** Registers a secret to be masked in every later line. */
  addSecret(secret: string): void;
}

const SECRET_KEYS = /pass(word)?|secret|token|auth|credential/i;

export function createLogger(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
  const secrets = new Set<string>();
  const redact = (text: string): string => {
    let out = text;
    for (const secret of secrets) {
      if (secret.length < 3) continue;
      out = out.split(secret).join('[redacted]');
      const b64 = Buffer.from(secret).toString('base64');
      out = out.split(b64).join('[redacted]');
    }
    return out;
  };
  const format = (level: string, message: string, fields?: Record<string, unknown>) => {
    const safeFields = fields
      ? JSON.stringify(fields, (key, value: unknown) => (SECRET_KEYS.test(key) ? '[redacted]' : value))
      : '';
    write(redact(`${new Date().toISOString()} ${level} ${message}${safeFields ? ` ${safeFields}` : ''}`));
  };
  return {
    info: (message, fields) => format('info', message, fields),
    warn: (message, fields) => format('warn', message, fields),
    error: (message, fields) => format('error', message, fields),
    addSecret: (secret) => void secrets.add(secret),
  };
}
