import { describe, expect, it } from 'vitest';
import { assessLink, describeLinkWarning, domainsShownIn, hostRisks, registrableDomain } from './linkSafety';

const CYRILLIC_A = '\u0430';

describe('registrableDomain', () => {
  it('keeps the part one owner controls', () => {
    expect(registrableDomain('www.paypal.com')).toBe('paypal.com');
    expect(registrableDomain('login.secure.paypal.com.')).toBe('paypal.com');
    expect(registrableDomain('shop.example.co.uk')).toBe('example.co.uk');
    expect(registrableDomain('evil.test')).toBe('evil.test');
    expect(registrableDomain('127.0.0.1')).toBe('127.0.0.1');
  });
});

describe('domainsShownIn', () => {
  it('finds URLs, bare domains and addresses in link text, and ignores file names and prose', () => {
    expect(domainsShownIn('Log in at https://www.paypal.com/signin now')).toEqual(['www.paypal.com']);
    expect(domainsShownIn('paypal.com')).toEqual(['paypal.com']);
    expect(domainsShownIn('(www.example.org)')).toEqual(['www.example.org']);
    expect(domainsShownIn('write to help@bank.example.com')).toEqual(['bank.example.com']);
    expect(domainsShownIn('Click here')).toEqual([]);
    expect(domainsShownIn('Open report.pdf, e.g. today')).toEqual([]);
  });
});

describe('hostRisks', () => {
  it('flags mixed alphabets, invisible characters and punycode', () => {
    expect(hostRisks(`p${CYRILLIC_A}ypal.com`)).toEqual(['mixed-script', 'punycode']);
    expect(hostRisks('pay\u200bpal.com')).toEqual(['invisible-characters']);
    expect(hostRisks('xn--pypal-4ve.com')).toEqual(['punycode']);
    expect(hostRisks('paypal.com')).toEqual([]);
  });
});

describe('assessLink', () => {
  it('accepts an honest link', () => {
    expect(assessLink('https://www.paypal.com/signin', 'https://paypal.com')).toEqual({
      url: 'https://www.paypal.com/signin',
      scheme: 'https',
      host: 'www.paypal.com',
      warnings: [],
    });
    expect(assessLink('https://example.com/a', 'Read more').warnings).toEqual([]);
  });

  it('flags text that shows another domain than the target', () => {
    const link = assessLink('https://evil.test/login', 'https://www.paypal.com/login');
    expect(link.host).toBe('evil.test');
    expect(link.warnings).toEqual([{ kind: 'text-shows-other-domain', shownDomain: 'www.paypal.com', targetDomain: 'evil.test' }]);
    expect(describeLinkWarning(link.warnings[0]!)).toBe('The text shows www.paypal.com, but the link goes to evil.test.');
  });

  it('flags a Cyrillic look-alike host and reports its real (punycode) name', () => {
    const link = assessLink(`https://p${CYRILLIC_A}ypal.com/`, 'PayPal');
    expect(link.host).toBe('xn--pypal-4ve.com');
    expect(link.warnings).toEqual([{ kind: 'deceptive-host', host: 'xn--pypal-4ve.com', risks: ['mixed-script', 'punycode'] }]);
    // The text shows the real paypal.com; the target is another registrable domain.
    expect(assessLink(`https://p${CYRILLIC_A}ypal.com/`, 'paypal.com').warnings.map((warning) => warning.kind)).toEqual(['deceptive-host', 'text-shows-other-domain']);
  });

  it('flags user@host tricks and bare IP addresses', () => {
    expect(assessLink('https://paypal.com@evil.test/', 'Sign in').warnings).toEqual([{ kind: 'credentials-in-url', host: 'evil.test' }]);
    expect(assessLink('http://203.0.113.9/x', 'Your bank').warnings).toEqual([{ kind: 'ip-address-host', host: '203.0.113.9' }]);
  });

  it('compares mailto links by mail domain', () => {
    expect(assessLink('mailto:help@evil.test', 'help@paypal.com').warnings).toEqual([{ kind: 'text-shows-other-domain', shownDomain: 'paypal.com', targetDomain: 'evil.test' }]);
    const honest = assessLink('mailto:help@paypal.com?subject=Hi', 'Contact us');
    expect(honest).toMatchObject({ scheme: 'mailto', host: 'paypal.com', warnings: [] });
  });

  it('refuses anything but http, https and mailto', () => {
    for (const href of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<b>x</b>', 'smb://server/share', 'not a url', 'http://']) {
      expect(assessLink(href, 'x'), href).toMatchObject({ url: null, scheme: null });
    }
  });
});
