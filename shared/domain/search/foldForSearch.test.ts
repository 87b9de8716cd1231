import { describe, expect, it } from 'vitest';
import { foldForSearch } from './foldForSearch';

describe('foldForSearch', () => {
  it('lower-cases, drops accents, unifies compatibility forms and collapses space', () => {
    expect(foldForSearch('  Résumé\tFINAL\n')).toBe('resume final');
    expect(foldForSearch('ﬁle Ⅻ')).toBe('file xii');
    expect(foldForSearch('Zoë Müller <zoe@example.test>')).toBe('zoe muller <zoe@example.test>');
    expect(foldForSearch('周末聚餐')).toBe('周末聚餐');
    expect(foldForSearch('Plain ASCII Only')).toBe('plain ascii only');
  });
});
