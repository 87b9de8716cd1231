import type { AccountStatus } from '../contract/accounts';
import { formatDuration } from './formatDuration';

/** One line for the folder tree and the status view: what the account is doing, and what to do if stuck. */
export function describeAccountStatus(status: AccountStatus | undefined, now = Date.now()): string | null {
  if (!status) return null;
  switch (status.state) {
    case 'online':
      return null;
    case 'connecting':
      return 'Connecting…';
    case 'offline': {
      const seconds = status.retryAt ? Math.max(0, Math.round((status.retryAt - now) / 1000)) : null;
      return `Offline${status.error ? `: ${status.error.message}` : ''}${seconds !== null ? ` Retrying in ${seconds} s.` : ''}`;
    }
    case 'limited': {
      if (status.error?.code === 'CONNECTION_BUDGET') return status.error.message;
      const when = status.retryAt ? ` Push is tried again in ${formatDuration(Math.max(0, status.retryAt - now))}.` : '';
      return `The server allows fewer connections: new mail is checked every few seconds instead of pushed.${when}`;
    }
    case 'error':
      return status.error?.message ?? 'The account cannot connect.';
  }
}
