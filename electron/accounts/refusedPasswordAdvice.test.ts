import { describe, expect, it } from 'vitest';
import { describeConnectionError } from '../services/describeConnectionError';
import { refusedPasswordAdvice } from './refusedPasswordAdvice';

const refused = { authenticationFailed: true, message: 'Authentication failed' };
const at = (host: string) => ({ protocol: 'IMAP' as const, host, port: 993, username: 'someone@example.com' });

describe('a refused password at a big provider', () => {
  it('names the app password and links the provider’s page instead of a bare "authentication failed"', () => {
    const error = describeConnectionError(refused, at('imap.mail.me.com'));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toBe('iCloud Mail refused the password. iCloud Mail does not accept your account password in mail apps: create an app password on iCloud Mail’s page and enter that instead.');
    expect(refusedPasswordAdvice('imap.mail.me.com')?.helpUrl).toBe('https://support.apple.com/en-us/102654');
    expect(refusedPasswordAdvice('smtp.mail.yahoo.com')?.helpUrl).toBe('https://help.yahoo.com/kb/SLN15241.html');
  });

  it('tells Gmail users about both sign-in and app passwords, and Microsoft users that passwords are over', () => {
    expect(refusedPasswordAdvice('imap.gmail.com')).toEqual({ message: expect.stringContaining('Sign in with Google'), helpUrl: 'https://support.google.com/accounts/answer/185833' });
    expect(refusedPasswordAdvice('outlook.office365.com')).toEqual({ message: 'Outlook.com no longer accepts passwords from mail apps. Use “Sign in with Microsoft” instead.', helpUrl: null });
  });

  it('keeps the plain message for other servers and other errors', () => {
    expect(describeConnectionError(refused, at('imap.example.org')).message).toMatch(/rejected the username or password/);
    expect(refusedPasswordAdvice('imap.gmx.net')).toBeNull();
    expect(describeConnectionError({ code: 'ECONNREFUSED' }, at('imap.mail.me.com')).code).toBe('HOST_UNREACHABLE');
  });
});
