/**
 * The user's order and colours for accounts: display preferences, so they live with the other preferences
 * (localStorage), not in main's account store. An account missing from the saved order (new) goes last.
 */
import type { AccountSummary } from '../../../shared/contract/accounts';
import type { Preferences } from '../../state/preferences';

/** Distinct, readable on light and dark; the first free one goes to a new account. */
export const ACCOUNT_COLOURS = ['#1a73e8', '#d93025', '#188038', '#e37400', '#9334e6', '#00897b', '#c2185b', '#5f6368'];

export function orderAccounts<T extends Pick<AccountSummary, 'id'>>(accounts: T[], order: string[]): T[] {
  const rank = (id: string) => {
    const at = order.indexOf(id);
    return at < 0 ? Number.MAX_SAFE_INTEGER : at;
  };
  return [...accounts].sort((a, b) => rank(a.id) - rank(b.id));
}

export function accountColour(prefs: Pick<Preferences, 'accountColours'>, accountId: string, allIds: string[]): string {
  const chosen = prefs.accountColours[accountId];
  if (chosen) return chosen;
  const index = Math.max(0, allIds.indexOf(accountId));
  return ACCOUNT_COLOURS[index % ACCOUNT_COLOURS.length]!;
}

/** The order with one account moved one place up (-1) or down (+1). */
export function moveAccount(ids: string[], accountId: string, step: -1 | 1): string[] {
  const next = [...ids];
  const at = next.indexOf(accountId);
  const to = at + step;
  if (at < 0 || to < 0 || to >= next.length) return next;
  [next[at], next[to]] = [next[to]!, next[at]!];
  return next;
}
