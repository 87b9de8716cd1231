import { describe, expect, it } from 'vitest';
import { parseAutoconfig } from './autoconfigXml';

const GOOD = `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example.org">
    <domain>example.org</domain>
    <displayName>Example &amp; Co Mail</displayName>
    <incomingServer type="pop3">
      <hostname>pop.example.org</hostname><port>995</port><socketType>SSL</socketType>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>imap.example.org</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILLOCALPART%</username>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.example.org</hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILADDRESS%</username>
    </outgoingServer>
  </emailProvider>
</clientConfig>`;

describe('parseAutoconfig', () => {
  it('reads the servers in document order, with their fields', () => {
    const doc = parseAutoconfig(GOOD);
    expect(doc.displayName).toBe('Example & Co Mail');
    expect(doc.incoming.map((server) => server.type)).toEqual(['pop3', 'imap']);
    expect(doc.incoming[1]).toEqual({ type: 'imap', hostname: 'imap.example.org', port: '993', socketType: 'SSL', username: '%EMAILLOCALPART%', authentication: ['password-cleartext'] });
    expect(doc.outgoing).toEqual([{ type: 'smtp', hostname: 'smtp.example.org', port: '587', socketType: 'STARTTLS', username: '%EMAILADDRESS%', authentication: ['password-cleartext'] }]);
  });

  it('refuses any DOCTYPE, so no entity (billion laughs, external files) is ever expanded', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
      <clientConfig><emailProvider><displayName>&lol2;</displayName></emailProvider></clientConfig>`;
    expect(() => parseAutoconfig(laughs)).toThrow(/DOCTYPE/);
    const external = `<?xml version="1.0"?><!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]><clientConfig><emailProvider><displayName>&x;</displayName></emailProvider></clientConfig>`;
    expect(() => parseAutoconfig(external)).toThrow(/DOCTYPE/);
  });

  it('refuses an undeclared entity and malformed XML', () => {
    expect(() => parseAutoconfig('<clientConfig><emailProvider><displayName>&x;</displayName></emailProvider></clientConfig>')).toThrow(/well-formed/);
    expect(() => parseAutoconfig('<clientConfig><emailProvider></clientConfig>')).toThrow(/well-formed/);
    expect(() => parseAutoconfig('')).toThrow();
    expect(() => parseAutoconfig('{"imap": "json"}')).toThrow();
  });

  it('refuses a document that is not a clientConfig', () => {
    expect(() => parseAutoconfig('<html><body>Not found</body></html>')).toThrow(/not a clientConfig/);
  });

  it('caps depth, element count, value length and server count', () => {
    const deep = `<clientConfig>${'<a>'.repeat(50)}${'</a>'.repeat(50)}</clientConfig>`;
    expect(() => parseAutoconfig(deep)).toThrow(/nested too deeply/);
    const many = `<clientConfig>${'<a/>'.repeat(5_000)}</clientConfig>`;
    expect(() => parseAutoconfig(many)).toThrow(/too many elements/);
    const long = `<clientConfig><emailProvider><displayName>${'x'.repeat(5_000)}</displayName></emailProvider></clientConfig>`;
    expect(() => parseAutoconfig(long)).toThrow(/too long/);
    const servers = `<clientConfig><emailProvider>${'<incomingServer type="imap"><hostname>a.b</hostname></incomingServer>'.repeat(30)}</emailProvider></clientConfig>`;
    expect(() => parseAutoconfig(servers)).toThrow(/too many servers/);
  });

  it('ignores servers outside emailProvider and unknown elements', () => {
    const doc = parseAutoconfig('<clientConfig><incomingServer type="imap"><hostname>evil.test</hostname></incomingServer><emailProvider><incomingServer type="imap"><hostname>imap.example.org</hostname><script>x</script></incomingServer></emailProvider></clientConfig>');
    expect(doc.incoming.map((server) => server.hostname)).toEqual(['imap.example.org']);
  });
});
