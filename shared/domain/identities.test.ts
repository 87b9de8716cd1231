import { describe, expect, it } from 'vitest';
import type { Identity } from '../contract/accounts';
import { identityForReply, signatureBlock, switchSignature, validateIdentities } from './identities';

const work: Identity = { id: 'w', name: 'Ana Work', email: 'ana@work.example', signature: 'Ana\nWork Inc.' };
const home: Identity = { id: 'h', name: 'Ana', email: 'ana@home.example', signature: '' };

describe('validateIdentities', () => {
  it('accepts identities, trimming and normalizing line ends', () => {
    expect(validateIdentities([{ id: null, name: ' Ana ', email: ' ana@home.example ', signature: 'a\r\nb' }])).toEqual([{ id: null, name: 'Ana', email: 'ana@home.example', signature: 'a\nb' }]);
  });

  it('refuses an empty list, a bad address, a name with a line break, duplicate ids and huge signatures', () => {
    expect(() => validateIdentities([])).toThrow(/at least one/);
    expect(() => validateIdentities([{ id: null, name: 'A', email: 'not-an-address', signature: '' }])).toThrow(/missing the @/);
    expect(() => validateIdentities([{ id: null, name: 'A\r\nBcc: x@evil.test', email: 'a@b.example', signature: '' }])).toThrow(/line break/);
    expect(() => validateIdentities([{ id: 'x', name: 'A', email: 'a@b.example', signature: '' }, { id: 'x', name: 'B', email: 'b@b.example', signature: '' }])).toThrow(/not valid/);
    expect(() => validateIdentities([{ id: null, name: 'A', email: 'a@b.example', signature: 'x'.repeat(20_000) }])).toThrow(/too long/);
    expect(() => validateIdentities('x')).toThrow();
  });
});

describe('identityForReply', () => {
  it('answers from the address the mail was sent to, found in To or Cc', () => {
    expect(identityForReply([home, work], { to: [{ name: '', address: 'boss@work.example' }], cc: [{ name: '', address: 'ANA@work.example' }] })).toBe(work);
  });

  it('falls back to the default (first) identity', () => {
    expect(identityForReply([home, work], { to: [{ name: '', address: 'list@lists.example' }], cc: [] })).toBe(home);
    expect(identityForReply([], { to: [], cc: [] })).toBeNull();
  });
});

describe('signatures in a draft', () => {
  it('puts a signature under a "-- " line', () => {
    expect(signatureBlock('Ana\r\nWork Inc.\n\n')).toBe('\n\n-- \nAna\nWork Inc.');
    expect(signatureBlock('  ')).toBe('');
  });

  it('swaps the old signature for the new one where it still stands, leaving the user’s text', () => {
    const body = `Hello${signatureBlock(work.signature)}\n\nOn Monday, Bob wrote:\n> hi\n`;
    expect(switchSignature(body, work.signature, 'Ana at home')).toBe(`Hello${signatureBlock('Ana at home')}\n\nOn Monday, Bob wrote:\n> hi\n`);
    expect(switchSignature(body, work.signature, '')).toBe('Hello\n\nOn Monday, Bob wrote:\n> hi\n');
  });

  it('adds a signature to an empty body only, and leaves an edited signature alone', () => {
    expect(switchSignature('', '', 'Sig')).toBe('\n\n-- \nSig');
    expect(switchSignature('Typed already', '', 'Sig')).toBe('Typed already');
    expect(switchSignature('Hi\n\n-- \nAna (edited)', work.signature, 'Other')).toBe('Hi\n\n-- \nAna (edited)');
  });
});
