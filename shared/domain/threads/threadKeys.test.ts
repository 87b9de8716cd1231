import { describe, expect, it } from 'vitest';
import { threadKeys } from './threadKeys';

const m = (messageId: string | null, inReplyTo: string | null = null, references: string[] = []) => ({ messageId, inReplyTo, references });

describe('threadKeys', () => {
  it('gives a thread one key, through missing parents, and unrelated mail its own', () => {
    const root = m('<1>');
    const reply = m('<2>', '<1>', ['<1>']);
    const viaMissing = m('<4>', '<9>', ['<9>']);
    const otherViaMissing = m('<5>', '<9>');
    const alone = m('<6>');
    const noId = m(null);
    const keys = threadKeys([root, reply, viaMissing, otherViaMissing, alone, noId]);
    expect(keys.get(reply)).toBe(keys.get(root));
    expect(keys.get(viaMissing)).toBe(keys.get(otherViaMissing));
    expect(keys.get(viaMissing)).not.toBe(keys.get(root));
    expect(new Set([keys.get(root), keys.get(viaMissing), keys.get(alone), keys.get(noId)]).size).toBe(4);
  });

  it('joins a reply that arrived before its parent', () => {
    const reply = m('<2>', '<1>');
    const root = m('<1>');
    const keys = threadKeys([reply, root]);
    expect(keys.get(reply)).toBe(keys.get(root));
  });
});
