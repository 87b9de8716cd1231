/**
 * IMAP's modified UTF-7 for mailbox names (RFC 3501 §5.1.3), for the raw "another device" session: a
 * server without UTF8=ACCEPT (Cyrus) names non-ASCII folders only this way.
 */
export function encodeMailboxName(name: string): string {
  let out = '';
  let pending = '';
  const flush = () => {
    if (!pending) return;
    const utf16 = Buffer.alloc(pending.length * 2);
    for (let i = 0; i < pending.length; i++) utf16.writeUInt16BE(pending.charCodeAt(i), i * 2);
    out += `&${utf16.toString('base64').replace(/=+$/, '').replace(/\//g, ',')}-`;
    pending = '';
  };
  for (const char of name) {
    const code = char.charCodeAt(0);
    if (code >= 0x20 && code <= 0x7e) {
      flush();
      out += char === '&' ? '&-' : char;
    } else {
      pending += char;
    }
  }
  flush();
  return out;
}

export function decodeMailboxName(encoded: string): string {
  return encoded.replace(/&([^-]*)-/g, (_, base64: string) => {
    if (base64 === '') return '&';
    const bytes = Buffer.from(base64.replace(/,/g, '/'), 'base64');
    let text = '';
    for (let i = 0; i + 1 < bytes.length; i += 2) text += String.fromCharCode(bytes.readUInt16BE(i));
    return text;
  });
}
