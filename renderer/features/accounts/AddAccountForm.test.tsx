// @vitest-environment happy-dom
/** The add-account form on a machine without a keyring: it asks before the password is stored. */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AccountInput } from '../../../shared/contract/accounts';
import type { MailSession } from '../../state/mailSession';
import { SessionContext } from '../../state/sessionContext';
import { AddAccountForm } from './AddAccountForm';

afterEach(cleanup);

function renderForm(askBeforeStoringPassword: boolean) {
  const addAccount = vi.fn(async (input: AccountInput) => ({ id: 'acc-1', displayName: input.displayName, email: input.email, imap: input.imap, smtp: input.smtp }));
  const passed = { ok: true, capabilities: [] };
  const testAccount = vi.fn(async () => ({ imap: passed, smtp: passed }));
  const session = {
    hostInfo: { host: 'electron', version: 'test', credentialWarning: askBeforeStoringPassword ? 'No system keyring is available…' : null, askBeforeStoringPassword },
    client: { api: { addAccount, testAccount } },
    refreshAccount: vi.fn(async () => undefined),
  } as unknown as MailSession;
  const onDone = vi.fn();
  render(
    <SessionContext.Provider value={session}>
      <AddAccountForm onDone={onDone} />
    </SessionContext.Provider>,
  );
  fireEvent.change(screen.getByLabelText('Your name'), { target: { value: 'Ann' } });
  fireEvent.change(screen.getByLabelText('Email address'), { target: { value: 'ann@example.test' } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'pw-1' } });
  fireEvent.click(screen.getByRole('button', { name: 'Set up manually' }));
  for (const kind of ['imap', 'smtp']) {
    fireEvent.change(document.querySelector(`#${kind}-host`)!, { target: { value: 'mail.example.test' } });
  }
  return { addAccount, testAccount, onDone };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('AddAccountForm without a keyring', () => {
  it('does not send the password until the user ticks the box, then sends the yes with it', async () => {
    const { addAccount, testAccount, onDone } = renderForm(true);
    fireEvent.click(screen.getByRole('button', { name: 'Add account' }));
    await flush();
    expect(addAccount).not.toHaveBeenCalled();
    expect(testAccount).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toMatch(/permission to store the password without encryption/);

    fireEvent.click(screen.getByRole('checkbox', { name: /Store my password anyway/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Add account' }));
    await flush();
    expect(addAccount).toHaveBeenCalledTimes(1);
    expect(addAccount.mock.calls[0]?.[0]).toMatchObject({ password: 'pw-1', allowWeakPasswordStorage: true });
    expect(onDone).toHaveBeenCalledWith('acc-1');
  });

  it('with a keyring there is nothing to tick and nothing extra is sent', async () => {
    const { addAccount } = renderForm(false);
    expect(screen.queryByRole('checkbox')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Add account' }));
    await flush();
    expect(addAccount).toHaveBeenCalledTimes(1);
    expect(addAccount.mock.calls[0]?.[0]).not.toHaveProperty('allowWeakPasswordStorage');
  });
});
