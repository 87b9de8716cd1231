import { describe, expect, it } from 'vitest';
import { attachedMessage } from './attachedMessage';

const inner = ['From: =?UTF-8?Q?In=C3=A8s?= <ines@example.test>', 'To: Team <team@example.test>', 'Subject: The original', 'Date: Mon, 05 Jan 2026 10:00:00 +0000', 'Content-Type: text/html; charset=utf-8', '', '<p>Inner <b>body</b>.</p>', ''].join('\r\n');
const outer = (type: string) =>
  Buffer.from(
    ['From: Outer <o@example.test>', 'Subject: Fwd: The original', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain', '', 'See attached.', '--b', `Content-Type: ${type}`, 'Content-Disposition: attachment; filename="original.eml"', '', inner, '--b--', ''].join('\r\n'),
  );

describe('attachedMessage', () => {
  it('parses a forwarded message/rfc822 attachment: its headers and its body', async () => {
    const message = await attachedMessage(outer('message/rfc822'), 0);
    expect(message.subject).toBe('The original');
    expect(message.from).toEqual([{ name: 'Inès', address: 'ines@example.test' }]);
    expect(message.to).toEqual([{ name: 'Team', address: 'team@example.test' }]);
    expect(message.date).toBe(Date.UTC(2026, 0, 5, 10));
    expect(message.body.html).toContain('<b>body</b>');
  });

  it('refuses an attachment that is not a message', async () => {
    const notMessage = Buffer.from(['Subject: x', 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain', '', 'hi', '--b', 'Content-Type: image/png', 'Content-Disposition: attachment; filename="a.png"', 'Content-Transfer-Encoding: base64', '', 'iVBORw0KGgo=', '--b--', ''].join('\r\n'));
    await expect(attachedMessage(notMessage, 0)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
