import { describe, expect, it } from 'vitest';
import { formatSize } from './formatSize';

describe('formatSize', () => {
  it('reads like a person would say it', () => {
    expect([1, 13, 999, 4300, 12 * 1024 * 1024].map(formatSize)).toEqual(['1 byte', '13 bytes', '999 bytes', '4.2 KB', '12 MB']);
  });
});
