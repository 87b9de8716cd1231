import { describe, expect, it } from 'vitest';
import type { AccountStatus } from '../contract/accounts';
import { describeAccountStatus } from './describeAccountStatus';
import { formatDuration } from './formatDuration';

const base: AccountStatus = { accountId: 'a', state: 'online', error: null, retryAt: null, capabilities: [], lastSyncedAt: null };

describe('describeAccountStatus', () => {
  it('says nothing when online, and what is happening otherwise', () => {
    expect(describeAccountStatus(base)).toBeNull();
    expect(describeAccountStatus({ ...base, state: 'offline', error: { code: 'HOST_UNREACHABLE', message: 'Could not connect.' }, retryAt: 10_000 }, 2_000)).toBe(
      'Offline: Could not connect. Retrying in 8 s.',
    );
    expect(describeAccountStatus({ ...base, state: 'limited' })).toMatch(/fewer connections/);
    // Push given up to the server's limit says when it is tried again.
    expect(describeAccountStatus({ ...base, state: 'limited', error: { code: 'CONNECTION_LIMIT', message: 'Refused.' }, retryAt: 302_000 }, 2_000)).toBe(
      'The server allows fewer connections: new mail is checked every few seconds instead of pushed. Push is tried again in 5 min.',
    );
    expect(describeAccountStatus({ ...base, state: 'error', error: { code: 'AUTH_FAILED', message: 'Password rejected.' } })).toBe('Password rejected.');
  });
});

describe('formatDuration', () => {
  it('rounds to what a person wants to know', () => {
    expect([400, 12_000, 150_000, 3_900_000].map(formatDuration)).toEqual(['1 s', '12 s', '3 min', '1 h 5 min']);
  });
});
