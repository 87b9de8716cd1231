// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { unfinishedText, withUnfinished } from './composeDraft';

describe('half-typed addresses in the server copy of a draft', () => {
  it('keeps what does not parse yet, as typed, and nothing when every address parses', () => {
    expect(unfinishedText('Bob <bob@example.test>, dave@')).toBe('dave@');
    expect(unfinishedText('car; Bob <bob@example.test>;  ann@ ')).toBe('car, ann@');
    expect(unfinishedText('Bob <bob@example.test>, carol@example.test')).toBe('');
    expect(unfinishedText('')).toBe('');
  });

  it('reopens a field as the addresses that parsed, then the rest', () => {
    expect(withUnfinished('Bob <bob@example.test>', 'dave@')).toBe('Bob <bob@example.test>, dave@');
    expect(withUnfinished('', 'car')).toBe('car');
    expect(withUnfinished('Bob <bob@example.test>', undefined)).toBe('Bob <bob@example.test>');
  });
});
