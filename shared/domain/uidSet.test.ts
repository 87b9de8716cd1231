import { describe, expect, it } from 'vitest';
import { formatUidSet, parseUidSet } from './uidSet';

describe('UID sets', () => {
  it('compresses runs and round-trips', () => {
    expect(formatUidSet([9, 1, 2, 3, 5, 7, 8, 3])).toBe('1:3,5,7:9');
    expect([...(parseUidSet('1:3,5,9:7') ?? [])].sort((a, b) => a - b)).toEqual([1, 2, 3, 5, 7, 8, 9]);
    const many = Array.from({ length: 100_000 }, (_, i) => i * 2 + 1);
    expect(parseUidSet(formatUidSet(many))?.size).toBe(100_000);
  });

  it('handles empty input and rejects malformed or absurd sets', () => {
    expect(formatUidSet([])).toBe('');
    expect(parseUidSet('')?.size).toBe(0);
    for (const bad of ['1:*', 'a', '0', '1,,2', '1:99999999999']) expect(parseUidSet(bad)).toBeNull();
  });
});
