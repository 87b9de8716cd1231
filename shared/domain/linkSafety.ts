/**
 * Is a link in an email what it looks like? Compares the domain its visible text shows with the domain it
 * really goes to, and flags host names made to look like another (punycode, mixed alphabets, invisible
 * characters, `user@host` tricks). Pure: the reader and the sender checks both use it.
 */

// URL exists at run time in every host Tern runs in (Chromium and Node); shared/ is compiled without DOM or
// Node typings, so this declares the part used here.
interface ParsedUrl {
  readonly href: string;
  readonly protocol: string;
  readonly host: string;
  readonly hostname: string;
  readonly username: string;
  readonly password: string;
  readonly pathname: string;
}
declare const URL: { new (url: string, base?: string): ParsedUrl };

export type LinkScheme = 'http' | 'https' | 'mailto';

export type HostRisk =
  /** Letters from more than one alphabet in one label, e.g. a Cyrillic "а" in "pаypal". */
  | 'mixed-script'
  /** Zero-width or other invisible characters, which URL parsing silently drops. */
  | 'invisible-characters'
  /** An internationalized name (`xn--`): legitimate for many, but it can imitate a familiar name. */
  | 'punycode';

export type LinkWarning =
  | { kind: 'text-shows-other-domain'; shownDomain: string; targetDomain: string }
  | { kind: 'deceptive-host'; host: string; risks: HostRisk[] }
  | { kind: 'credentials-in-url'; host: string }
  | { kind: 'ip-address-host'; host: string };

export interface LinkAssessment {
  /** The normalized target (URL.href), or null when it is not a link Tern opens. */
  url: string | null;
  scheme: LinkScheme | null;
  /** The real destination: the ASCII host name for http(s), the mail domain for mailto. */
  host: string;
  warnings: LinkWarning[];
}

// Zero-width, joiner, bidi-control, filler and variation-selector characters: invisible in a host name.
const INVISIBLE_RANGES: Array<[number, number]> = [
  [0xad, 0xad], [0x34f, 0x34f], [0x61c, 0x61c], [0x115f, 0x1160], [0x17b4, 0x17b5], [0x180b, 0x180f], [0x200b, 0x200f],
  [0x202a, 0x202e], [0x2060, 0x206f], [0x3164, 0x3164], [0xfe00, 0xfe0f], [0xfeff, 0xfeff], [0xffa0, 0xffa0],
];

function hasInvisibleCharacter(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (INVISIBLE_RANGES.some(([low, high]) => code >= low && code <= high)) return true;
  }
  return false;
}

/** Scripts letters are grouped by; scripts that are normally written together count as one. */
const SCRIPT_GROUPS: Array<[string, RegExp]> = [
  ['latin', /\p{Script=Latin}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['greek', /\p{Script=Greek}/u],
  ['armenian', /\p{Script=Armenian}/u],
  ['hebrew', /\p{Script=Hebrew}/u],
  ['arabic', /\p{Script=Arabic}/u],
  ['cjk', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u],
  ['thai', /\p{Script=Thai}/u],
  ['devanagari', /\p{Script=Devanagari}/u],
  ['georgian', /\p{Script=Georgian}/u],
  ['cherokee', /\p{Script=Cherokee}/u],
];

function scriptOf(char: string): string {
  for (const [name, pattern] of SCRIPT_GROUPS) if (pattern.test(char)) return name;
  return 'other';
}

/** True when one label of the host mixes letters of different alphabets. */
function hasMixedScriptLabel(rawHost: string): boolean {
  return rawHost.split('.').some((label) => {
    const scripts = new Set<string>();
    for (const char of label) if (/\p{L}/u.test(char)) scripts.add(scriptOf(char));
    return scripts.size > 1;
  });
}

/** The ASCII (punycode) form of a host name as a browser would resolve it, or null when it is not valid. */
export function asciiHost(rawHost: string): string | null {
  try {
    const hostname = new URL(`http://${rawHost}/`).hostname;
    return hostname === '' ? null : hostname;
  } catch {
    return null;
  }
}

/** What makes a host name look like something it is not; `rawHost` is the name as the message wrote it. */
export function hostRisks(rawHost: string): HostRisk[] {
  const risks: HostRisk[] = [];
  if (hasMixedScriptLabel(rawHost)) risks.push('mixed-script');
  if (hasInvisibleCharacter(rawHost)) risks.push('invisible-characters');
  const ascii = asciiHost(rawHost) ?? rawHost.toLowerCase();
  if (ascii.split('.').some((label) => label.startsWith('xn--'))) risks.push('punycode');
  return risks;
}

// Second-level labels under which a country-code TLD sells names (example.co.uk, example.com.au).
const COUNTRY_SECOND_LEVELS = new Set(['co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'or', 'ne', 'go', 'gob', 'mil', 'nic', 'ltd', 'plc', 'sch', 'nom', 'gv']);

function isIpAddress(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[');
}

/**
 * The part of a host name one owner controls, approximately ("registrable-ish"): the last two labels, or
 * three under a country code's public second level. Good enough to tell paypal.com from evil.test; not a
 * public-suffix list.
 */
export function registrableDomain(host: string): string {
  const clean = host.toLowerCase().replace(/\.$/, '');
  if (isIpAddress(clean)) return clean;
  const labels = clean.split('.');
  if (labels.length <= 2) return clean;
  const tld = labels[labels.length - 1] ?? '';
  const second = labels[labels.length - 2] ?? '';
  const take = tld.length === 2 && COUNTRY_SECOND_LEVELS.has(second) ? 3 : 2;
  return labels.slice(-take).join('.');
}

// Words like "report.pdf" or "e.g." are not domains; a bare name counts only with a TLD people recognise.
const COMMON_TLDS = new Set([
  'com', 'net', 'org', 'edu', 'gov', 'mil', 'int', 'info', 'biz', 'io', 'app', 'dev', 'xyz', 'online', 'site', 'shop', 'store',
  'tech', 'cloud', 'email', 'news', 'live', 'blog', 'top', 'club', 'bank', 'pay', 'money', 'finance', 'support', 'help', 'link',
  'click', 'page', 'web', 'security', 'account', 'login', 'test',
]);

function looksLikeBareDomain(host: string): boolean {
  const labels = host.split('.');
  if (labels.length < 2 || labels.some((label) => label === '')) return false;
  const tld = (labels[labels.length - 1] ?? '').toLowerCase();
  if (!/^\p{L}{2,}$/u.test(tld)) return false;
  return tld.length === 2 || COMMON_TLDS.has(tld) || labels[0]?.toLowerCase() === 'www';
}

/** Domains the visible text of a link claims, in ASCII form (e.g. "paypal.com" in "Log in at paypal.com"). */
export function domainsShownIn(text: string): string[] {
  const found = new Set<string>();
  for (const rawToken of text.split(/\s+/)) {
    const token = rawToken.replace(/^[\s"'(<[{«‹“‘]+|[\s"')>\]}»›”’.,;:!?]+$/gu, '');
    if (token === '') continue;
    let host: string | null = null;
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\s]+)/i.exec(token);
    if (withScheme?.[1]) host = withScheme[1].replace(/^.*@/, '');
    else if (/^mailto:/i.test(token) || (token.includes('@') && !token.includes('/'))) host = token.slice(token.lastIndexOf('@') + 1);
    else {
      const candidate = token.split(/[/?#]/)[0] ?? '';
      if (looksLikeBareDomain(candidate)) host = candidate;
    }
    if (!host) continue;
    const ascii = asciiHost(host.replace(/:\d+$/, ''));
    if (ascii && ascii.includes('.')) found.add(ascii);
  }
  return [...found];
}

/** The host as written in the link, before URL parsing turns look-alike letters into punycode. */
function rawHostOf(href: string): string {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\\]*)/i.exec(href.trim())?.[1] ?? '';
  return authority.replace(/^.*@/, '').replace(/:\d*$/, '');
}

/** Assesses one link: where it really goes, and whether its visible text or its host name misleads. */
export function assessLink(href: string, visibleText: string): LinkAssessment {
  let parsed: ParsedUrl;
  try {
    parsed = new URL(href.trim());
  } catch {
    return { url: null, scheme: null, host: '', warnings: [] };
  }
  const warnings: LinkWarning[] = [];
  let scheme: LinkScheme;
  let host: string;
  let rawHost: string;
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    scheme = parsed.protocol === 'http:' ? 'http' : 'https';
    host = parsed.hostname;
    if (host === '') return { url: null, scheme: null, host: '', warnings: [] };
    rawHost = rawHostOf(href);
    if (parsed.username !== '' || parsed.password !== '') warnings.push({ kind: 'credentials-in-url', host });
    if (isIpAddress(host)) warnings.push({ kind: 'ip-address-host', host });
  } else if (parsed.protocol === 'mailto:') {
    scheme = 'mailto';
    const address = decodeURIComponent(parsed.pathname.split(',')[0] ?? '');
    rawHost = address.includes('@') ? address.slice(address.lastIndexOf('@') + 1) : '';
    host = asciiHost(rawHost) ?? rawHost.toLowerCase();
  } else {
    return { url: null, scheme: null, host: '', warnings: [] };
  }

  const risks = hostRisks(rawHost || host);
  if (risks.length > 0) warnings.push({ kind: 'deceptive-host', host, risks });

  const target = registrableDomain(host);
  const mismatch = domainsShownIn(visibleText).find((shown) => registrableDomain(shown) !== target);
  if (mismatch && host !== '') warnings.push({ kind: 'text-shows-other-domain', shownDomain: mismatch, targetDomain: host });

  return { url: parsed.href, scheme, host, warnings };
}

/** One sentence per warning, for the reader's link list and the confirmation before opening. */
export function describeLinkWarning(warning: LinkWarning): string {
  switch (warning.kind) {
    case 'text-shows-other-domain':
      return `The text shows ${warning.shownDomain}, but the link goes to ${warning.targetDomain}.`;
    case 'deceptive-host':
      return describeHostRisks(warning.host, warning.risks);
    case 'credentials-in-url':
      return `The address hides its real destination after an “@”: it goes to ${warning.host}.`;
    case 'ip-address-host':
      return `The link goes to a bare IP address (${warning.host}), not a named site.`;
  }
}

export function describeHostRisks(host: string, risks: HostRisk[]): string {
  if (risks.includes('mixed-script')) return `${host} mixes letters from different alphabets, a common way to imitate a familiar name.`;
  if (risks.includes('invisible-characters')) return `${host} contains invisible characters.`;
  return `${host} is an internationalized name; check that it is the one you expect.`;
}
