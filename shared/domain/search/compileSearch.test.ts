import { describe, expect, it } from 'vitest';
import { compileSearch, type SearchableMessage } from './compileSearch';
import { parseSearchQuery } from './parseSearchQuery';

const message: SearchableMessage = {
  from: 'alice liddell alice@example.com',
  to: 'bob bob@example.org carol@example.net',
  subject: 're: quarterly resume',
  body: 'the numbers are attached',
  date: new Date(2026, 2, 15, 12).getTime(),
  unread: true,
  flagged: false,
  hasAttachment: true,
  tags: ['$label4', 'invoices_2026'],
  folder: { path: 'INBOX', name: 'Inbox', specialUse: 'inbox' },
};

const matches = (text: string, overrides: Partial<SearchableMessage> = {}) => compileSearch(parseSearchQuery(text).query)({ ...message, ...overrides });

describe('compileSearch', () => {
  it('finds free words in any field, each word required', () => {
    expect(matches('alice')).toBe(true);
    expect(matches('carol')).toBe(true);
    expect(matches('Résumé quarterly')).toBe(true);
    expect(matches('numbers')).toBe(true);
    expect(matches('numbers missing')).toBe(false);
    expect(matches('"resume quarterly"')).toBe(false);
  });

  it('keeps field operators to their field', () => {
    expect(matches('from:alice')).toBe(true);
    expect(matches('from:bob')).toBe(false);
    expect(matches('to:carol')).toBe(true);
    expect(matches('subject:numbers')).toBe(false);
    expect(matches('-from:alice')).toBe(false);
    expect(matches('-to:alice')).toBe(true);
  });

  it('filters by state, attachment and date', () => {
    expect(matches('is:unread')).toBe(true);
    expect(matches('is:read')).toBe(false);
    expect(matches('is:flagged')).toBe(false);
    expect(matches('has:attachment')).toBe(true);
    expect(matches('has:attachment', { hasAttachment: null })).toBe(false);
    expect(matches('-has:attachment', { hasAttachment: null })).toBe(true);
    expect(matches('after:2026-03-15')).toBe(true);
    expect(matches('after:2026-03-16')).toBe(false);
    expect(matches('before:2026-03-15')).toBe(false);
    expect(matches('before:2026-03-16')).toBe(true);
  });

  it('knows folders by special use, name or path', () => {
    expect(matches('in:inbox')).toBe(true);
    expect(matches('in:INBOX')).toBe(true);
    expect(matches('-in:inbox')).toBe(false);
    const junk = { folder: { path: 'Spam', name: 'Spam', specialUse: 'junk' as const } };
    expect(matches('in:junk', junk)).toBe(true);
    expect(matches('in:spam', junk)).toBe(true);
    expect(matches('in:inbox', junk)).toBe(false);
    const nested = { folder: { path: 'Work/2026', name: '2026', specialUse: null } };
    expect(matches('in:work/2026', nested)).toBe(true);
    expect(matches('in:2026', nested)).toBe(true);
  });

  it('filters by tag, by keyword or by the name Thunderbird shows', () => {
    expect(matches('tag:"to do"')).toBe(true);
    expect(matches('tag:invoices_2026')).toBe(true);
    expect(matches('label:work')).toBe(false);
  });

  it('excludes words found anywhere', () => {
    expect(matches('-attached')).toBe(false);
    expect(matches('-invoice')).toBe(true);
  });
});
