import { describe, expect, it } from 'vitest';
import { discoverSettings } from './discoverSettings';
import type { DiscoveryDeps, FetchText, MxRecord, SrvRecord } from './discoveryTypes';

interface Fakes {
  pages?: Record<string, string | { status: number } | 'hang'>;
  srv?: Record<string, SrvRecord[] | 'hang'>;
  mx?: Record<string, MxRecord[] | 'hang'>;
}

const never = () => new Promise<never>(() => undefined);

function deps(fakes: Fakes = {}) {
  const fetched: string[] = [];
  const asked: string[] = [];
  const fetchText: FetchText = async (url) => {
    fetched.push(url);
    const page = fakes.pages?.[url.replace(/\?.*$/, '')];
    if (page === 'hang') return never();
    if (page === undefined) throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    return typeof page === 'string' ? { status: 200, body: page } : { status: page.status, body: '' };
  };
  const answer = <T>(table: Record<string, T[] | 'hang'> | undefined, name: string): Promise<T[]> => {
    asked.push(name);
    const records = table?.[name];
    if (records === 'hang') return never();
    return records ? Promise.resolve(records) : Promise.reject(Object.assign(new Error('queryX ENOTFOUND'), { code: 'ENOTFOUND' }));
  };
  const value: DiscoveryDeps = {
    fetchText,
    resolver: { resolveSrv: (name) => answer(fakes.srv, name), resolveMx: (name) => answer(fakes.mx, name) },
    timeouts: { httpMs: 300, dnsMs: 300 },
  };
  return { deps: value, fetched, asked };
}

function config(imap: string, smtp: string, name = 'Example Mail'): string {
  return `<?xml version="1.0"?><clientConfig version="1.1"><emailProvider id="x"><displayName>${name}</displayName>${imap}${smtp}</emailProvider></clientConfig>`;
}
const imapServer = (host: string, socketType = 'SSL', port = 993, username = '%EMAILADDRESS%', auth = 'password-cleartext') =>
  `<incomingServer type="imap"><hostname>${host}</hostname><port>${port}</port><socketType>${socketType}</socketType><authentication>${auth}</authentication><username>${username}</username></incomingServer>`;
const smtpServer = (host: string, socketType = 'STARTTLS', port = 587) =>
  `<outgoingServer type="smtp"><hostname>${host}</hostname><port>${port}</port><socketType>${socketType}</socketType><authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username></outgoingServer>`;

const AUTOCONFIG = 'https://autoconfig.example.org/mail/config-v1.1.xml';
const WELL_KNOWN = 'https://example.org/.well-known/autoconfig/mail/config-v1.1.xml';

describe('discoverSettings', () => {
  it('answers a big provider from the bundled table without asking the network', async () => {
    const { deps: d, fetched, asked } = deps();
    const result = await discoverSettings('someone@GMAIL.com', d);
    expect(result.found).toMatchObject({
      step: 'providerTable',
      providerName: 'Gmail',
      imap: { host: 'imap.gmail.com', port: 993, security: 'tls', username: 'someone@GMAIL.com' },
      smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls' },
      signIn: { kind: 'oauth2', provider: 'google' },
    });
    expect(fetched).toEqual([]);
    expect(asked).toEqual([]);
  });

  it('says which providers want an app password, with their page', async () => {
    const { deps: d } = deps();
    expect((await discoverSettings('a@icloud.com', d)).found?.signIn).toEqual({ kind: 'appPassword', helpUrl: expect.stringMatching(/^https:\/\/support\.apple\.com\//) });
    expect((await discoverSettings('a@yahoo.com', d)).found?.signIn.kind).toBe('appPassword');
    expect((await discoverSettings('a@outlook.com', d)).found?.signIn).toEqual({ kind: 'oauth2', provider: 'microsoft', appPasswordHelpUrl: null });
  });

  it('reads the domain’s autoconfig document, filling in the username', async () => {
    const { deps: d, fetched } = deps({ pages: { [AUTOCONFIG]: config(imapServer('imap.example.org', 'SSL', 993, '%EMAILLOCALPART%'), smtpServer('smtp.example.org')) } });
    const result = await discoverSettings('jo@example.org', d);
    expect(result).toEqual({
      found: {
        step: 'autoconfig',
        source: AUTOCONFIG,
        providerName: 'Example Mail',
        imap: { host: 'imap.example.org', port: 993, security: 'tls', username: 'jo' },
        smtp: { host: 'smtp.example.org', port: 587, security: 'starttls', username: 'jo@example.org' },
        signIn: { kind: 'password' },
      },
      notes: [],
    });
    expect(fetched).toContain(`${AUTOCONFIG}?emailaddress=jo%40example.org`);
    expect(fetched).toContain(WELL_KNOWN);
  });

  it('falls back to the well-known URL when the autoconfig host has nothing', async () => {
    const { deps: d } = deps({ pages: { [AUTOCONFIG]: { status: 404 }, [WELL_KNOWN]: config(imapServer('mail.example.org'), smtpServer('mail.example.org', 'SSL', 465)) } });
    const result = await discoverSettings('jo@example.org', d);
    expect(result.found).toMatchObject({ step: 'wellKnown', imap: { host: 'mail.example.org' }, smtp: { port: 465, security: 'tls' } });
  });

  it('never takes a plaintext offer from the network: it uses the next secure entry, and says so', async () => {
    const page = config(imapServer('imap.example.org', 'plain', 143) + imapServer('imap.example.org', 'STARTTLS', 143), smtpServer('smtp.example.org', 'plain', 25) + smtpServer('smtp.example.org', 'SSL', 465));
    const { deps: d } = deps({ pages: { [AUTOCONFIG]: page } });
    const result = await discoverSettings('jo@example.org', d);
    expect(result.found?.imap).toEqual({ host: 'imap.example.org', port: 143, security: 'starttls', username: 'jo@example.org' });
    expect(result.found?.smtp.security).toBe('tls');
    expect(result.notes).toEqual([`${AUTOCONFIG} offered a connection without encryption; Tern ignored it.`]);
  });

  it('refuses a plaintext-only answer entirely and moves on to the next step', async () => {
    const { deps: d } = deps({
      pages: { [AUTOCONFIG]: config(imapServer('imap.example.org', 'plain', 143), smtpServer('smtp.example.org', 'plain', 25)) },
      srv: { '_imaps._tcp.example.org': [{ name: 'imap.example.org', port: 993, priority: 0, weight: 0 }], '_submissions._tcp.example.org': [{ name: 'smtp.example.org', port: 465, priority: 0, weight: 0 }] },
    });
    const result = await discoverSettings('jo@example.org', d);
    expect(result.found).toMatchObject({ step: 'srv', imap: { security: 'tls', port: 993 }, smtp: { security: 'tls', port: 465 } });
    expect(result.notes[0]).toMatch(/without encryption; Tern ignored it/);
  });

  it('drops hostile values: host names with paths or spaces, bad ports, line breaks in usernames', async () => {
    const page = config(
      imapServer('evil.test/path') + imapServer('a b.test') + imapServer('imap.example.org', 'SSL', 99999) + imapServer('imap.example.org', 'SSL', 993, 'x%0D%0A\r\nA1 LOGOUT') + imapServer('imap.example.org'),
      smtpServer('smtp.example.org', 'SOMETHING') + smtpServer('smtp.example.org'),
    );
    const { deps: d } = deps({ pages: { [AUTOCONFIG]: page } });
    const result = await discoverSettings('jo@example.org', d);
    expect(result.found?.imap).toEqual({ host: 'imap.example.org', port: 993, security: 'tls', username: 'jo@example.org' });
    expect(result.found?.smtp).toEqual({ host: 'smtp.example.org', port: 587, security: 'starttls', username: 'jo@example.org' });
  });

  it('ignores a document with a DOCTYPE and tells the user why', async () => {
    const { deps: d } = deps({ pages: { [AUTOCONFIG]: `<!DOCTYPE x [<!ENTITY a "b">]>${config(imapServer('imap.example.org'), smtpServer('smtp.example.org'))}` } });
    const result = await discoverSettings('jo@example.org', d);
    expect(result.found).toBeNull();
    expect(result.notes).toEqual([`The settings at ${AUTOCONFIG} were ignored: it declares a DOCTYPE.`]);
  });

  it('a listed domain keeps the table’s settings whatever its DNS or autoconfig would say', async () => {
    const { deps: d, fetched, asked } = deps({
      pages: { 'https://autoconfig.gmail.com/mail/config-v1.1.xml': config(imapServer('evil.test', 'plain', 143), smtpServer('evil.test', 'plain', 25)) },
      srv: { '_imap._tcp.gmail.com': [{ name: 'evil.test', port: 143, priority: 0, weight: 0 }] },
    });
    const result = await discoverSettings('victim@gmail.com', d);
    expect(result.found?.imap.host).toBe('imap.gmail.com');
    expect(fetched).toEqual([]);
    expect(asked).toEqual([]);
  });

  it('points out servers outside the address’s domain', async () => {
    const { deps: d } = deps({ pages: { [AUTOCONFIG]: config(imapServer('mail.hoster.example'), smtpServer('mail.hoster.example')) } });
    const result = await discoverSettings('jo@example.org', d);
    expect(result.found?.imap.host).toBe('mail.hoster.example');
    expect(result.notes).toEqual(['These servers are not under example.org (they are at mail.hoster.example). Make sure you trust them before you enter your password.']);
  });

  it('uses RFC 6186 SRV records: implicit TLS first, STARTTLS required for the plain service names', async () => {
    const { deps: d } = deps({
      srv: {
        '_imaps._tcp.example.org': [{ name: '.', port: 0, priority: 0, weight: 0 }],
        '_imap._tcp.example.org': [
          { name: 'backup.example.org', port: 143, priority: 20, weight: 0 },
          { name: 'imap.example.org.', port: 143, priority: 10, weight: 0 },
        ],
        '_submission._tcp.example.org': [{ name: 'smtp.example.org', port: 587, priority: 0, weight: 0 }],
      },
    });
    const result = await discoverSettings('jo@example.org', d);
    expect(result.found).toMatchObject({
      step: 'srv',
      source: 'the DNS (SRV) records of example.org',
      imap: { host: 'imap.example.org', port: 143, security: 'starttls', username: 'jo@example.org' },
      smtp: { host: 'smtp.example.org', port: 587, security: 'starttls' },
    });
  });

  it('recognizes a domain hosted by Google or Microsoft by its MX, with the table’s settings', async () => {
    const google = deps({ mx: { 'example.org': [{ exchange: 'alt1.aspmx.l.google.com', priority: 5 }, { exchange: 'mx.other.test', priority: 1 }] } });
    expect((await discoverSettings('jo@example.org', google.deps)).found).toMatchObject({ step: 'mx', providerName: 'Gmail', imap: { host: 'imap.gmail.com' }, signIn: { kind: 'oauth2', provider: 'google' } });
    const microsoft = deps({ mx: { 'example.org': [{ exchange: 'example-org.mail.protection.outlook.com', priority: 0 }] } });
    expect((await discoverSettings('jo@example.org', microsoft.deps)).found).toMatchObject({ providerName: 'Microsoft 365', imap: { host: 'outlook.office365.com' } });
  });

  it('does not mistake a look-alike MX for a provider', async () => {
    const { deps: d } = deps({ mx: { 'example.org': [{ exchange: 'mx.evilgoogle.com', priority: 0 }, { exchange: 'google.com.evil.test', priority: 1 }] } });
    expect((await discoverSettings('jo@example.org', d)).found).toBeNull();
  });

  it('prefers autoconfig over SRV and MX, even when those answer first', async () => {
    const { deps: d } = deps({
      pages: { [AUTOCONFIG]: config(imapServer('imap.example.org'), smtpServer('smtp.example.org')) },
      srv: { '_imaps._tcp.example.org': [{ name: 'srv.example.org', port: 993, priority: 0, weight: 0 }], '_submissions._tcp.example.org': [{ name: 'srv.example.org', port: 465, priority: 0, weight: 0 }] },
      mx: { 'example.org': [{ exchange: 'aspmx.l.google.com', priority: 0 }] },
    });
    expect((await discoverSettings('jo@example.org', d)).found?.step).toBe('autoconfig');
  });

  it('bounds every step by its timeout: a server or resolver that never answers costs a fraction of a second', async () => {
    const { deps: d } = deps({
      pages: { [AUTOCONFIG]: 'hang', [WELL_KNOWN]: 'hang' },
      srv: { '_imaps._tcp.example.org': 'hang', '_submissions._tcp.example.org': 'hang' },
      mx: { 'example.org': [{ exchange: 'aspmx.l.google.com', priority: 0 }] },
    });
    // The fake fetch and resolver never answer and ignore their deadlines: each step's own timeout must end them.
    const started = Date.now();
    const result = await discoverSettings('jo@example.org', d);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(result.found?.step).toBe('mx');
  });

  it('finds nothing for a domain with no configuration, without failing', async () => {
    const { deps: d } = deps();
    await expect(discoverSettings('jo@example.org', d)).resolves.toEqual({ found: null, notes: [] });
  });

  it('refuses something that is not an address', async () => {
    const { deps: d } = deps();
    await expect(discoverSettings('not an address', d)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(discoverSettings({ email: 'x' }, d)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
