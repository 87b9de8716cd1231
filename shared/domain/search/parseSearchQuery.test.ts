import { describe, expect, it } from 'vitest';
import { isEmptySearch, parseSearchQuery } from './parseSearchQuery';

describe('parseSearchQuery', () => {
  it('keeps free words and quoted phrases, folded', () => {
    const { query, problems } = parseSearchQuery('Invoice "Quarterly Résumé"  march');
    expect(query.words).toEqual(['Invoice', 'Quarterly Résumé', 'march']);
    expect(problems).toEqual([]);
  });

  it('reads field operators, with quoted values', () => {
    const { query } = parseSearchQuery('from:Alice to:bob@example.com subject:"weekly report" -from:noreply');
    expect(query.from).toEqual(['Alice']);
    expect(query.to).toEqual(['bob@example.com']);
    expect(query.subject).toEqual(['weekly report']);
    expect(query.notFrom).toEqual(['noreply']);
    expect(query.words).toEqual([]);
  });

  it('reads states, folders and exclusions', () => {
    const { query } = parseSearchQuery('is:unread is:starred has:attachment in:Inbox -in:trash -spam');
    expect(query.unread).toBe(true);
    expect(query.flagged).toBe(true);
    expect(query.hasAttachment).toBe(true);
    expect(query.inFolders).toEqual(['Inbox']);
    expect(query.notInFolders).toEqual(['trash']);
    expect(query.notWords).toEqual(['spam']);
    expect(parseSearchQuery('is:read -is:flagged').query).toMatchObject({ unread: false, flagged: false });
  });

  it('reads dates as calendar days', () => {
    const { query } = parseSearchQuery('after:2026/1/31 before:2026-02-02');
    expect(query.after).toBe('2026-01-31');
    expect(query.before).toBe('2026-02-02');
  });

  it('reports malformed values and still runs the rest', () => {
    const { query, problems } = parseSearchQuery('before:2026-02-30 is:urgent has:kittens report');
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain('2026-01-31');
    expect(query.before).toBeNull();
    expect(query.words).toEqual(['report']);
  });

  it('searches unknown operators and bare colons as text, never dropping them', () => {
    expect(parseSearchQuery('re:meeting').query.words).toEqual(['re:meeting']);
    expect(parseSearchQuery('10:30').query.words).toEqual(['10:30']);
    expect(parseSearchQuery('from:').query.words).toEqual(['from:']);
  });

  it('knows an empty query', () => {
    expect(isEmptySearch(parseSearchQuery('   ').query)).toBe(true);
    expect(isEmptySearch(parseSearchQuery('x').query)).toBe(false);
  });
});
