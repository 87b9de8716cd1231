import { describe, expect, it } from 'vitest';
import { describeConnectionError } from './describeConnectionError';

const server = { protocol: 'IMAP' as const, host: '127.0.0.1', port: 143, username: 'dave@example.test' };

describe('a provider connection limit', () => {
  it('is recognized from Dovecot’s [LIMIT] code and from Cyrus’s words, never as a wrong password', () => {
    const dovecot = { authenticationFailed: true, serverResponseCode: 'LIMIT', responseStatus: 'NO', message: 'Command failed' };
    // What imapflow 2.10 throws for Cyrus 3.6 with maxlogins_per_user reached (seen in syncFallbacks.int.test.ts).
    const cyrus = { authenticationFailed: true, responseStatus: 'NO', message: 'Command failed', responseText: 'Too many open connections (2 of 2 for dave@example.test)' };
    expect(describeConnectionError(dovecot, server).code).toBe('CONNECTION_LIMIT');
    expect(describeConnectionError(cyrus, server).code).toBe('CONNECTION_LIMIT');
    expect(describeConnectionError({ ...cyrus, responseText: 'Authentication failed' }, server).code).toBe('AUTH_FAILED');
  });
});
