/**
 * A large message for the streaming and responsiveness checks: a short text part, an HTML part, a small
 * text attachment (notes.txt, NOTES_TEXT) and one big attachment (big.bin) (pseudo-random bytes, so nothing compresses it away), base64-encoded in 76-column lines as mail
 * programs send it. About `totalBytes` long as it sits on the server.
 */
import { randomBytes } from 'node:crypto';

export const NOTES_TEXT = 'Small notes travelling with a large file.';

export interface LargeMessage {
  source: Buffer;
  subject: string;
  attachmentBytes: number;
  /** Encoded size of the attachment part, as it travels. */
  attachmentEncodedBytes: number;
}

export function largeMessage(totalBytes: number, subject = 'A very large message'): LargeMessage {
  const boundary = 'tern-large-boundary';
  const html = `<html><body style="background:#ffffff;color:#202020"><h1>${subject}</h1>${'<p>Some words of the HTML part, repeated to make it realistic.</p>'.repeat(200)}</body></html>`;
  const head = [
    'From: Big Sender <big@example.test>',
    'To: alice@example.test',
    `Subject: ${subject}`,
    'Date: Wed, 07 Jan 2026 10:00:00 +0000',
    `Message-ID: <large-${totalBytes}@example.test>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: multipart/alternative; boundary="alt"',
    '',
    '--alt',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `The text of ${subject}. The attachment is below.`,
    '--alt',
    'Content-Type: text/html; charset=utf-8',
    '',
    html,
    '--alt--',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8; name="notes.txt"',
    'Content-Disposition: attachment; filename="notes.txt"',
    '',
    NOTES_TEXT,
    `--${boundary}`,
    'Content-Type: application/octet-stream; name="big.bin"',
    'Content-Disposition: attachment; filename="big.bin"',
    'Content-Transfer-Encoding: base64',
    '',
    '',
  ].join('\r\n');
  const tail = `\r\n--${boundary}--\r\n`;
  // base64 in 76-column lines: 57 raw bytes per 78-byte line.
  const lines = Math.max(1, Math.floor((totalBytes - head.length - tail.length) / 78));
  const raw = randomBytes(lines * 57);
  const encoded = raw.toString('base64').replace(/.{76}/g, '$&\r\n');
  const source = Buffer.concat([Buffer.from(head), Buffer.from(encoded), Buffer.from(tail)]);
  return { source, subject, attachmentBytes: raw.length, attachmentEncodedBytes: encoded.length };
}
