import { describe, expect, it } from 'vitest';
import { ConversationIndex, type ThreadLinks } from './conversation';

const m = (name: string, messageId: string | null, inReplyTo: string | null = null, references: string[] = []) => ({ name, messageId, inReplyTo, references }) satisfies ThreadLinks & { name: string };
const names = (list: { name: string }[]) => list.map((item) => item.name).sort();

describe('ConversationIndex', () => {
  const root = m('root', '<1@x>');
  const reply = m('reply', '<2@x>', '<1@x>', ['<1@x>']);
  const replyToReply = m('reply2', '<3@x>', '<2@x>', ['<1@x>', '<2@x>']);
  const orphanSibling = m('sibling', '<4@x>', '<9@x>', ['<1@x>', '<9@x>']); // its parent <9@x> is not cached
  const unrelated = m('other', '<5@x>', null, []);
  const sameSubjectOnly = m('re-hello', '<6@x>');
  const index = new ConversationIndex([root, reply, replyToReply, orphanSibling, unrelated, sameSubjectOnly]);

  it('joins a thread from any of its messages, also through a missing parent', () => {
    expect(names(index.conversationOf(root))).toEqual(['reply', 'reply2', 'root', 'sibling']);
    expect(names(index.conversationOf(replyToReply))).toEqual(['reply', 'reply2', 'root', 'sibling']);
    expect(names(index.conversationOf(orphanSibling))).toEqual(['reply', 'reply2', 'root', 'sibling']);
  });

  it('leaves unrelated mail and mail without links alone', () => {
    expect(names(index.conversationOf(unrelated))).toEqual(['other']);
    expect(names(index.conversationOf(m('no-id', null)))).toEqual(['no-id']);
  });

  it('joins a reply that only has In-Reply-To, and copies of one message in two folders', () => {
    const copy = m('root-in-archive', '<1@x>');
    const bare = m('bare-reply', '<7@x>', '<1@x>');
    const both = new ConversationIndex([root, copy, bare]);
    expect(names(both.conversationOf(bare))).toEqual(['bare-reply', 'root', 'root-in-archive']);
  });
});
