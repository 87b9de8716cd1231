import { describe, expect, it } from 'vitest';
import { isUnder, PROVIDERS, providerForDomain, providerForMx, providerForServer } from './providerTable';

describe('the bundled provider table', () => {
  it('matches address domains exactly, whatever their case or trailing dot', () => {
    expect(providerForDomain('GMail.com.')?.id).toBe('gmail');
    expect(providerForDomain('me.com')?.id).toBe('icloud');
    expect(providerForDomain('notgmail.com')).toBeNull();
    expect(providerForDomain('mail.gmail.com')).toBeNull();
  });

  it('matches mail exchangers only on a label boundary', () => {
    expect(isUnder('aspmx.l.google.com', 'google.com')).toBe(true);
    expect(isUnder('google.com', 'google.com')).toBe(true);
    expect(isUnder('evilgoogle.com', 'google.com')).toBe(false);
    expect(isUnder('google.com.evil.test', 'google.com')).toBe(false);
    expect(providerForMx('in1-smtp.messagingengine.com')?.id).toBe('fastmail');
  });

  it('knows each provider’s servers, for advice when a password is refused', () => {
    expect(providerForServer('IMAP.mail.yahoo.com')?.signIn.kind).toBe('appPassword');
    expect(providerForServer('imap.example.org')).toBeNull();
  });

  it('has only encrypted settings and HTTPS help pages, and no domain twice', () => {
    const domains = PROVIDERS.flatMap((provider) => provider.domains);
    expect(new Set(domains).size).toBe(domains.length);
    for (const provider of PROVIDERS) {
      for (const server of [provider.imap, provider.smtp]) expect(['tls', 'starttls']).toContain(server.security);
      if (provider.signIn.kind === 'appPassword') expect(provider.signIn.helpUrl).toMatch(/^https:\/\//);
    }
  });
});
