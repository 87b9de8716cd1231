/** Orders an account's folders the way people expect: special folders first in a fixed order, then the rest nested. */
import type { MailboxInfo, SpecialUse } from '../contract/mailboxes';

export interface MailboxNode {
  mailbox: MailboxInfo;
  depth: number;
}

const SPECIAL_ORDER: SpecialUse[] = ['inbox', 'flagged', 'drafts', 'sent', 'archive', 'all', 'junk', 'trash'];

function rank(mailbox: MailboxInfo): number {
  const index = mailbox.specialUse ? SPECIAL_ORDER.indexOf(mailbox.specialUse) : -1;
  return index === -1 ? SPECIAL_ORDER.length : index;
}

/** A flat, display-ordered list with depths: special-use folders on top, every other folder under its parent. */
export function buildMailboxTree(mailboxes: MailboxInfo[]): MailboxNode[] {
  const byPath = new Map(mailboxes.map((mailbox) => [mailbox.path, mailbox]));
  const children = new Map<string | null, MailboxInfo[]>();
  for (const mailbox of mailboxes) {
    // A folder whose parent is not listed (or is special and shown on top) hangs at the top level.
    const parent = mailbox.parentPath !== null && byPath.has(mailbox.parentPath) ? mailbox.parentPath : null;
    const list = children.get(parent) ?? [];
    list.push(mailbox);
    children.set(parent, list);
  }
  const compare = (a: MailboxInfo, b: MailboxInfo) => rank(a) - rank(b) || a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });
  const out: MailboxNode[] = [];
  const visit = (parent: string | null, depth: number, seen: Set<string>) => {
    for (const mailbox of (children.get(parent) ?? []).sort(compare)) {
      if (seen.has(mailbox.path)) continue;
      seen.add(mailbox.path);
      out.push({ mailbox, depth });
      visit(mailbox.path, depth + 1, seen);
    }
  };
  visit(null, 0, new Set());
  return out;
}
