import { describe, expect, it } from 'vitest';
import { snippetOf } from './snippetOf';

describe('snippetOf', () => {
  it('takes the first words of the text, without quoted lines, on one line', () => {
    expect(snippetOf({ text: 'Sounds good.\n\nSee you at nine.\n> On Monday you wrote:\n> old text', html: null })).toBe('Sounds good. See you at nine.');
    expect(snippetOf({ text: 'x'.repeat(500), html: null })).toHaveLength(140);
    expect(snippetOf({ text: null, html: null })).toBe('');
  });
});
