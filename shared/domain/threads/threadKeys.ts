/**
 * Which conversation each message belongs to, for grouping a list: the same links as ConversationIndex
 * (Message-ID, In-Reply-To, References), joined with union-find so 100,000 messages take one pass. Every
 * message gets the key of its conversation; messages without links get their own.
 */
import type { ThreadLinks } from './conversation';

export function threadKeys<T extends ThreadLinks>(items: Iterable<T>): Map<T, string> {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!;
    // Path compression: the next lookups of this chain are one step.
    let step = id;
    while (step !== root) {
      const next = parent.get(step)!;
      parent.set(step, root);
      step = next;
    }
    return root;
  };
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(rb, ra);
  };
  const own = new Map<T, string>();
  let anonymous = 0;
  for (const item of items) {
    const id = item.messageId ?? `\u0000${anonymous++}`;
    own.set(item, id);
    if (!parent.has(id)) parent.set(id, id);
    for (const link of item.references) {
      if (!parent.has(link)) parent.set(link, link);
      union(id, link);
    }
    if (item.inReplyTo) {
      if (!parent.has(item.inReplyTo)) parent.set(item.inReplyTo, item.inReplyTo);
      union(id, item.inReplyTo);
    }
  }
  const keys = new Map<T, string>();
  for (const [item, id] of own) keys.set(item, find(id));
  return keys;
}
