import { describe, expect, it } from 'vitest';
import { keywordFor, tagLabel, tagsOf } from './tags';

describe('tags', () => {
  it('shows the keywords people set, not system flags or bookkeeping', () => {
    expect(tagsOf(['\\Seen', '\\Flagged', '$Forwarded', '$NotJunk', 'Junk', '$label2', 'project-x'])).toEqual(['$label2', 'project-x']);
  });

  it("names Thunderbird's labels as Thunderbird does", () => {
    expect(tagLabel('$label4')).toBe('To Do');
    expect(tagLabel('project-x')).toBe('project-x');
  });

  it('turns a typed name into a keyword, or refuses it', () => {
    expect(keywordFor('  Invoices 2026 ')).toBe('Invoices_2026');
    expect(keywordFor('to do')).toBe('$label4');
    expect(keywordFor('a(b)')).toBeNull();
    expect(keywordFor('\\Seen')).toBeNull();
    expect(keywordFor('$Forwarded')).toBeNull();
    expect(keywordFor('')).toBeNull();
  });
});
