/** Small RFC 5322 messages for integration tests, distinct per index so results can be checked exactly. */
export function plainMessage(index: number, options: { subject?: string; date?: Date; from?: string } = {}): string {
  const date = options.date ?? new Date(Date.UTC(2026, 0, 1, 8, 0, 0) + index * 60_000);
  return [
    `From: ${options.from ?? `Sender ${index} <sender${index}@example.test>`}`,
    'To: Alice <alice@example.test>',
    `Subject: ${options.subject ?? `Test message ${index}`}`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: <test-${index}-${date.getTime()}@example.test>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Body of message ${index}.`,
    '',
  ].join('\r\n');
}

export function messageWithAttachment(subject: string): string {
  return [
    'From: =?UTF-8?Q?Zo=C3=AB_M=C3=BCller?= <zoe@example.test>',
    'To: alice@example.test',
    `Subject: ${subject}`,
    'Date: Mon, 05 Jan 2026 10:00:00 +0000',
    'Message-ID: <attach-1@example.test>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=iso-8859-1',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'Gr=FC=DFe aus K=F6ln.',
    '--b1',
    'Content-Type: application/pdf; name="report.pdf"',
    'Content-Disposition: attachment; filename="report.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('%PDF-1.4 tiny').toString('base64'),
    '--b1--',
    '',
  ].join('\r\n');
}
