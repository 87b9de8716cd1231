import { describe, expect, it } from 'vitest';
import { accountColour, ACCOUNT_COLOURS, moveAccount, orderAccounts } from './accountOrder';

describe('account order and colours', () => {
  const accounts = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];

  it('orders by the saved order, new accounts last', () => {
    expect(orderAccounts(accounts, ['c', 'a']).map((account) => account.id)).toEqual(['c', 'a', 'b']);
  });

  it('moves one place, and not past either end', () => {
    expect(moveAccount(['a', 'b', 'c'], 'c', -1)).toEqual(['a', 'c', 'b']);
    expect(moveAccount(['a', 'b', 'c'], 'a', -1)).toEqual(['a', 'b', 'c']);
    expect(moveAccount(['a', 'b', 'c'], 'c', 1)).toEqual(['a', 'b', 'c']);
  });

  it('uses the chosen colour, else one by position', () => {
    expect(accountColour({ accountColours: { b: '#123456' } }, 'b', ['a', 'b'])).toBe('#123456');
    expect(accountColour({ accountColours: {} }, 'b', ['a', 'b'])).toBe(ACCOUNT_COLOURS[1]);
  });
});
