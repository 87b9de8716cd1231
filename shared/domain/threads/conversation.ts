/**
 * Conversations from Message-ID, In-Reply-To and References, JWZ-style without the subject heuristic: two
 * messages share a conversation when a chain of those links joins them, even through a message that is not
 * here (a reply whose parent was deleted still joins its siblings through References). Subjects alone never
 * join messages: "Re: Hello" threads too much unrelated mail together to be worth it.
 */
export interface ThreadLinks {
  messageId: string | null;
  inReplyTo: string | null;
  references: readonly string[];
}

/** A huge list digest can reference hundreds of messages; a conversation shown stays readable. */
const MAX_CONVERSATION = 500;

const linksOf = (item: ThreadLinks) => [...item.references, ...(item.inReplyTo ? [item.inReplyTo] : [])];

export class ConversationIndex<T extends ThreadLinks> {
  private readonly byMessageId = new Map<string, T[]>();
  private readonly byLink = new Map<string, T[]>();

  constructor(items: Iterable<T>) {
    const push = (map: Map<string, T[]>, key: string, item: T) => {
      const list = map.get(key);
      if (list) list.push(item);
      else map.set(key, [item]);
    };
    for (const item of items) {
      if (item.messageId) push(this.byMessageId, item.messageId, item);
      for (const link of new Set(linksOf(item))) push(this.byLink, link, item);
    }
  }

  /** Every message joined to `start` by links, `start` included, in no particular order. */
  conversationOf(start: T): T[] {
    const found = new Set<T>([start]);
    const seenIds = new Set<string>();
    const queue = [...(start.messageId ? [start.messageId] : []), ...linksOf(start)];
    while (queue.length > 0 && found.size < MAX_CONVERSATION) {
      const id = queue.pop()!;
      if (seenIds.has(id)) continue;
      seenIds.add(id);
      for (const item of [...(this.byMessageId.get(id) ?? []), ...(this.byLink.get(id) ?? [])]) {
        if (found.has(item)) continue;
        found.add(item);
        if (item.messageId) queue.push(item.messageId);
        queue.push(...linksOf(item));
      }
    }
    return [...found];
  }
}
