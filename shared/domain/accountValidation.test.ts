import { describe, expect, it } from 'vitest';
import type { AccountInput } from '../contract/accounts';
import { isLoopbackHost, validateAccountInput, validateAccountUpdate } from './accountValidation';

const valid: AccountInput = {
  displayName: 'Alice',
  email: 'alice@example.com',
  password: 'pw',
  imap: { host: 'imap.example.com', port: 993, security: 'tls', username: 'alice@example.com' },
  smtp: { host: 'smtp.example.com', port: 587, security: 'starttls', username: 'alice@example.com' },
};

describe('validateAccountInput', () => {
  it('accepts a normal account and trims fields', () => {
    expect(validateAccountInput({ ...valid, email: ' alice@example.com ' }).email).toBe('alice@example.com');
  });

  it.each([
    [{ ...valid, email: 'not-an-address' }, 'INVALID_INPUT', /not an email address/],
    [{ ...valid, password: '' }, 'INVALID_INPUT', /Password/],
    [{ ...valid, imap: { ...valid.imap, port: 70000 } }, 'INVALID_INPUT', /port/],
    [{ ...valid, imap: { ...valid.imap, host: 'bad host' } }, 'INVALID_INPUT', /not a host name/],
    [{ ...valid, smtp: { ...valid.smtp, security: 'ssl' } }, 'INVALID_INPUT', /security/],
    [{ ...valid, displayName: 'Alice\r\nBcc: x@evil.test' }, 'INVALID_INPUT', /not valid/],
    [{ ...valid, imap: { ...valid.imap, security: 'none' } }, 'PLAINTEXT_NOT_ALLOWED', /only to this computer/],
  ])('refuses %#', (input, code, message) => {
    expect(() => validateAccountInput(input)).toThrow(message);
    try {
      validateAccountInput(input);
    } catch (error) {
      expect((error as { code: string }).code).toBe(code);
    }
  });

  it('allows no encryption only to loopback hosts', () => {
    expect(validateAccountInput({ ...valid, imap: { ...valid.imap, host: '127.0.0.1', security: 'none' } }).imap.security).toBe('none');
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('127.0.0.1.evil.test')).toBe(false);
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
  });
});

describe('validateAccountUpdate', () => {
  const base = {
    accountId: 'a1',
    displayName: 'Alice',
    email: 'alice@example.com',
    imap: { host: 'imap.example.com', port: 993, security: 'tls', username: 'alice' },
    smtp: { host: 'smtp.example.com', port: 465, security: 'tls', username: 'alice' },
  };

  it('reads an empty or missing password as "keep the stored one"', () => {
    expect(validateAccountUpdate({ ...base, password: '' }).password).toBeNull();
    expect(validateAccountUpdate({ ...base, password: null }).password).toBeNull();
    expect(validateAccountUpdate(base).password).toBeNull();
    expect(validateAccountUpdate({ ...base, password: 'new' }).password).toBe('new');
  });

  it('checks the settings and the account id like adding does', () => {
    expect(() => validateAccountUpdate({ ...base, accountId: '' })).toThrow(/accountId/);
    expect(() => validateAccountUpdate({ ...base, imap: { ...base.imap, security: 'none' } })).toThrow(/unencrypted/);
    expect(() => validateAccountUpdate({ ...base, password: 'x'.repeat(5000) })).toThrow(/too long/);
  });

  it('keeps the budget when none is sent, and takes a whole number of connections from 1 to 10', () => {
    expect(validateAccountUpdate(base)).not.toHaveProperty('maxConnections');
    expect(validateAccountUpdate({ ...base, maxConnections: '2' }).maxConnections).toBe(2);
    expect(validateAccountUpdate({ ...base, maxConnections: 10 }).maxConnections).toBe(10);
    for (const bad of [0, 11, 2.5, 'three', -1]) expect(() => validateAccountUpdate({ ...base, maxConnections: bad })).toThrow(/from 1 to 10/);
  });
});
