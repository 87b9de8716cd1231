// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AccountStatus } from '../../shared/contract/accounts';
import type { MailSession, SessionStatus } from '../state/mailSession';
import { SessionContext } from '../state/sessionContext';
import { StatusBar } from './StatusBar';

function sessionWith(accounts: AccountStatus[]): MailSession {
  const status: SessionStatus = { connected: true, undoable: null, syncing: [], failed: [], lastError: null, storageFull: null, accounts: Object.fromEntries(accounts.map((a) => [a.accountId, a])) };
  return { getStatus: () => status, subscribeStatus: () => () => {}, dismissError: () => {} } as unknown as MailSession;
}

const failing = (accountId: string, code: string, message: string): AccountStatus => ({ accountId, state: 'error', error: { code, message }, retryAt: null, capabilities: [], lastSyncedAt: null });

afterEach(cleanup);

describe('StatusBar', () => {
  it('offers the fix for an error only the user can fix, and opens that account', () => {
    const open = vi.fn();
    const session = sessionWith([failing('a1', 'AUTH_FAILED', 'Password rejected by imap.example.com.'), failing('a2', 'TIMEOUT', 'The server did not answer.')]);
    render(
      <SessionContext.Provider value={session}>
        <StatusBar onAccountSettings={open} />
      </SessionContext.Provider>,
    );
    expect(screen.getByRole('alert').textContent).toContain('Password rejected by imap.example.com.');
    fireEvent.click(screen.getByRole('button', { name: 'Update password' }));
    expect(open).toHaveBeenCalledWith('a1');
    // A timeout is retried by Tern itself: no button for the user.
    expect(screen.queryByText('The server did not answer.')).toBeNull();
  });
});
