import { describe, expect, it } from 'vitest';
import type { MailboxInfo } from '../contract/mailboxes';
import { buildMailboxTree } from './mailboxTree';

const box = (path: string, parentPath: string | null, specialUse: MailboxInfo['specialUse'] = null): MailboxInfo => ({
  accountId: 'a',
  path,
  name: path.split('.').pop() ?? path,
  delimiter: '.',
  parentPath,
  specialUse,
  subscribed: true,
  selectable: true,
  messages: 0,
  unseen: 0,
});

describe('buildMailboxTree', () => {
  it('puts special folders first in the usual order and nests the rest under their parents', () => {
    const tree = buildMailboxTree([
      box('Zebra', null),
      box('Trash', null, 'trash'),
      box('Projects.Tern', 'Projects'),
      box('INBOX', null, 'inbox'),
      box('Projects', null),
      box('Sent', null, 'sent'),
      box('Orphan.Child', 'Orphan'),
    ]);
    expect(tree.map(({ mailbox, depth }) => `${depth}:${mailbox.path}`)).toEqual([
      '0:INBOX',
      '0:Sent',
      '0:Trash',
      '0:Orphan.Child',
      '0:Projects',
      '1:Projects.Tern',
      '0:Zebra',
    ]);
  });
});
