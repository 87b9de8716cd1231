/**
 * A message with one quoted-printable attachment, for the decode-equality tests: bytes of every value, so the
 * encoding uses literal characters, `=XX` escapes and soft line breaks at 76 columns.
 */
export function quotedPrintable(data: Buffer): string {
  const lines: string[] = [];
  let line = '';
  for (const byte of data) {
    const literal = byte >= 33 && byte <= 126 && byte !== 61;
    const piece = literal ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    if (line.length + piece.length > 75) {
      lines.push(`${line}=`);
      line = '';
    }
    line += piece;
  }
  lines.push(line);
  return lines.join('\r\n');
}

export function qpAttachmentMessage(data: Buffer, filename = 'data.bin'): string {
  const boundary = 'tern-qp-boundary';
  return [
    'From: QP Sender <qp@example.test>',
    'To: alice@example.test',
    'Subject: Quoted-printable file',
    'Date: Tue, 06 Jan 2026 09:00:00 +0000',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'A file in quoted-printable.',
    `--${boundary}`,
    `Content-Type: application/octet-stream; name="${filename}"`,
    `Content-Disposition: attachment; filename="${filename}"`,
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(data),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
