import { describe, expect, it } from 'vitest';
import { describeSenderWarning, senderWarnings } from './senderWarnings';

describe('senderWarnings', () => {
  it('flags a display name that carries another address', () => {
    const warnings = senderWarnings({ name: 'PayPal <security@paypal.com>', address: 'x@evil.test' });
    expect(warnings).toEqual([{ kind: 'name-contains-address', claimed: 'security@paypal.com', actual: 'x@evil.test' }]);
    expect(describeSenderWarning(warnings[0]!)).toBe('The sender’s name shows security@paypal.com, but the message really comes from x@evil.test.');
  });

  it('flags angle brackets in a name even without an address', () => {
    expect(senderWarnings({ name: 'Security Team <PayPal>', address: 'x@evil.test' })).toEqual([{ kind: 'name-contains-address', claimed: null, actual: 'x@evil.test' }]);
  });

  it('accepts a name that is the real address, and ordinary names', () => {
    expect(senderWarnings({ name: 'Bob@Example.com', address: 'bob@example.com' })).toEqual([]);
    expect(senderWarnings({ name: 'Zoë Müller', address: 'zoe@example.test' })).toEqual([]);
    expect(senderWarnings({ name: '', address: 'zoe@example.test' })).toEqual([]);
    expect(senderWarnings(undefined)).toEqual([]);
  });

  it('flags a Reply-To on another domain, but not on the same organisation', () => {
    const from = { name: 'Bank', address: 'news@mail.bank.example' };
    expect(senderWarnings(from, [{ name: '', address: 'collect@evil.test' }])).toEqual([{ kind: 'reply-to-other-domain', replyTo: 'collect@evil.test', fromDomain: 'mail.bank.example' }]);
    expect(senderWarnings(from, [{ name: '', address: 'support@bank.example' }])).toEqual([]);
  });

  it('flags a sender domain with a Cyrillic "а" in it', () => {
    const warnings = senderWarnings({ name: 'PayPal', address: 'service@p\u0430ypal.com' });
    expect(warnings).toEqual([{ kind: 'lookalike-domain', domain: 'p\u0430ypal.com', asciiDomain: 'xn--pypal-4ve.com', risks: ['mixed-script', 'punycode'] }]);
    expect(describeSenderWarning(warnings[0]!)).toContain('xn--pypal-4ve.com mixes letters from different alphabets');
  });

  it('flags a punycode sender domain as written in the header', () => {
    expect(senderWarnings({ name: '', address: 'a@xn--pypal-4ve.com' }).map((warning) => warning.kind)).toEqual(['lookalike-domain']);
  });
});
