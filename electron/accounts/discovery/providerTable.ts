/**
 * The big providers, bundled: their settings are known, so nothing is asked of the network for their domains,
 * and a domain listed here can never be redirected by a DNS or autoconfig answer. Hand-kept from each
 * provider's own help pages; the MX suffixes let a company domain hosted by one of them be recognized too.
 */
import type { Security, ServerSettings } from '../../../shared/contract/accounts';
import type { SignInMethod } from '../../../shared/contract/discovery';

interface ServerEntry {
  host: string;
  port: number;
  security: Exclude<Security, 'none'>;
}

export interface Provider {
  id: string;
  name: string;
  /** Address domains that belong to this provider. */
  domains: readonly string[];
  /** Mail exchangers that mean "hosted here" (matched on a label boundary: `aspmx.l.google.com` ends with `google.com`). */
  mxSuffixes: readonly string[];
  imap: ServerEntry;
  smtp: ServerEntry;
  signIn: SignInMethod;
}

const GOOGLE_APP_PASSWORDS = 'https://support.google.com/accounts/answer/185833';

export const PROVIDERS: readonly Provider[] = [
  {
    id: 'gmail',
    name: 'Gmail',
    domains: ['gmail.com', 'googlemail.com'],
    mxSuffixes: ['google.com', 'googlemail.com'],
    imap: { host: 'imap.gmail.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls' },
    signIn: { kind: 'oauth2', provider: 'google', appPasswordHelpUrl: GOOGLE_APP_PASSWORDS },
  },
  {
    id: 'outlook',
    name: 'Outlook.com',
    domains: ['outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'hotmail.co.uk', 'live.co.uk', 'outlook.de', 'hotmail.de', 'outlook.fr', 'hotmail.fr'],
    mxSuffixes: [],
    imap: { host: 'outlook.office365.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp-mail.outlook.com', port: 587, security: 'starttls' },
    signIn: { kind: 'oauth2', provider: 'microsoft', appPasswordHelpUrl: null },
  },
  {
    id: 'microsoft365',
    name: 'Microsoft 365',
    domains: [],
    // Company domains (`contoso-com.mail.protection.outlook.com`) and Outlook.com itself both receive here.
    mxSuffixes: ['protection.outlook.com', 'outlook.com'],
    imap: { host: 'outlook.office365.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
    signIn: { kind: 'oauth2', provider: 'microsoft', appPasswordHelpUrl: null },
  },
  {
    id: 'icloud',
    name: 'iCloud Mail',
    domains: ['icloud.com', 'me.com', 'mac.com'],
    mxSuffixes: ['mail.icloud.com'],
    imap: { host: 'imap.mail.me.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.mail.me.com', port: 587, security: 'starttls' },
    signIn: { kind: 'appPassword', helpUrl: 'https://support.apple.com/en-us/102654' },
  },
  {
    id: 'fastmail',
    name: 'Fastmail',
    domains: ['fastmail.com', 'fastmail.fm', 'fastmail.net', 'fastmail.org'],
    mxSuffixes: ['messagingengine.com'],
    imap: { host: 'imap.fastmail.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.fastmail.com', port: 465, security: 'tls' },
    signIn: { kind: 'appPassword', helpUrl: 'https://www.fastmail.help/hc/en-us/articles/360058752854' },
  },
  {
    id: 'yahoo',
    name: 'Yahoo Mail',
    domains: ['yahoo.com', 'ymail.com', 'rocketmail.com', 'yahoo.co.uk', 'yahoo.fr', 'yahoo.de', 'yahoo.es', 'yahoo.it', 'yahoo.co.jp'],
    mxSuffixes: ['yahoodns.net'],
    imap: { host: 'imap.mail.yahoo.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.mail.yahoo.com', port: 465, security: 'tls' },
    signIn: { kind: 'appPassword', helpUrl: 'https://help.yahoo.com/kb/SLN15241.html' },
  },
  {
    id: 'aol',
    name: 'AOL Mail',
    domains: ['aol.com', 'aim.com'],
    mxSuffixes: [],
    imap: { host: 'imap.aol.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.aol.com', port: 465, security: 'tls' },
    signIn: { kind: 'appPassword', helpUrl: 'https://help.aol.com/articles/Create-and-manage-app-password' },
  },
  {
    id: 'gmx',
    name: 'GMX',
    domains: ['gmx.net', 'gmx.de', 'gmx.at', 'gmx.ch'],
    mxSuffixes: ['gmx.net'],
    imap: { host: 'imap.gmx.net', port: 993, security: 'tls' },
    smtp: { host: 'mail.gmx.net', port: 465, security: 'tls' },
    signIn: { kind: 'password' },
  },
  {
    id: 'webde',
    name: 'WEB.DE',
    domains: ['web.de'],
    mxSuffixes: ['web.de'],
    imap: { host: 'imap.web.de', port: 993, security: 'tls' },
    smtp: { host: 'smtp.web.de', port: 587, security: 'starttls' },
    signIn: { kind: 'password' },
  },
  {
    id: 'zoho',
    name: 'Zoho Mail',
    domains: ['zoho.com', 'zohomail.com'],
    mxSuffixes: ['zoho.com'],
    imap: { host: 'imap.zoho.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.zoho.com', port: 465, security: 'tls' },
    signIn: { kind: 'password' },
  },
  {
    id: 'yandex',
    name: 'Yandex Mail',
    domains: ['yandex.com', 'yandex.ru', 'ya.ru'],
    mxSuffixes: ['yandex.net', 'yandex.ru'],
    imap: { host: 'imap.yandex.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.yandex.com', port: 465, security: 'tls' },
    signIn: { kind: 'appPassword', helpUrl: 'https://yandex.com/support/id/authorization/app-passwords.html' },
  },
  {
    id: 'posteo',
    name: 'Posteo',
    domains: ['posteo.de', 'posteo.net'],
    mxSuffixes: ['posteo.de'],
    imap: { host: 'posteo.de', port: 993, security: 'tls' },
    smtp: { host: 'posteo.de', port: 465, security: 'tls' },
    signIn: { kind: 'password' },
  },
  {
    id: 'mailboxorg',
    name: 'mailbox.org',
    domains: ['mailbox.org'],
    mxSuffixes: ['mailbox.org'],
    imap: { host: 'imap.mailbox.org', port: 993, security: 'tls' },
    smtp: { host: 'smtp.mailbox.org', port: 465, security: 'tls' },
    signIn: { kind: 'password' },
  },
];

function normalize(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** True when `host` is `suffix` or a name under it, never merely ending in the same letters (`evilgoogle.com`). */
export function isUnder(host: string, suffix: string): boolean {
  const h = normalize(host);
  const s = normalize(suffix);
  return h === s || h.endsWith(`.${s}`);
}

export function providerForDomain(domain: string): Provider | null {
  const d = normalize(domain);
  return PROVIDERS.find((provider) => provider.domains.includes(d)) ?? null;
}

export function providerForMx(mxHost: string): Provider | null {
  return PROVIDERS.find((provider) => provider.mxSuffixes.some((suffix) => isUnder(mxHost, suffix))) ?? null;
}

/** The provider whose IMAP or SMTP server this is (for advice when a password is refused), if any. */
export function providerForServer(host: string): Provider | null {
  const h = normalize(host);
  return PROVIDERS.find((provider) => provider.imap.host === h || provider.smtp.host === h) ?? null;
}

function server(entry: ServerEntry, email: string): ServerSettings {
  // Every provider here signs in with the full address (iCloud also accepts it, and needs it for custom domains).
  return { host: entry.host, port: entry.port, security: entry.security, username: email };
}

export function providerSettings(provider: Provider, email: string): { imap: ServerSettings; smtp: ServerSettings } {
  return { imap: server(provider.imap, email), smtp: server(provider.smtp, email) };
}
