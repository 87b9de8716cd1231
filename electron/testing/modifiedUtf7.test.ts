import { describe, expect, it } from 'vitest';
import { decodeMailboxName, encodeMailboxName } from './modifiedUtf7';

describe('modified UTF-7 mailbox names', () => {
  it('encodes as RFC 3501 §5.1.3 shows, and back', () => {
    const cases: Array<[string, string]> = [
      ['~peter/mail/台北/日本語', '~peter/mail/&U,BTFw-/&ZeVnLIqe-'],
      ['Réunions', 'R&AOk-unions'],
      ['Tom & Jerry', 'Tom &- Jerry'],
      ['2026 – Q1 ☀', '2026 &IBM- Q1 &JgA-'],
      ['INBOX', 'INBOX'],
    ];
    for (const [name, encoded] of cases) {
      expect(encodeMailboxName(name)).toBe(encoded);
      expect(decodeMailboxName(encoded)).toBe(name);
    }
  });

  it('round-trips characters outside the BMP (surrogate pairs)', () => {
    expect(decodeMailboxName(encodeMailboxName('Fotos 📷'))).toBe('Fotos 📷');
  });
});
