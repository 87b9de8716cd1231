/**
 * Views across every account, defined as searches over the cache: they open instantly, work offline, and
 * follow every change the index sees. Mail in Trash and Junk stays out of Unread and Flagged, as people expect.
 */
export interface SmartFolder {
  id: 'inboxes' | 'unread' | 'flagged';
  label: string;
  query: string;
  emptyText: string;
}

export const SMART_FOLDERS: SmartFolder[] = [
  { id: 'inboxes', label: 'All inboxes', query: 'in:inbox', emptyText: 'No mail in any inbox.' },
  { id: 'unread', label: 'Unread', query: 'is:unread -in:trash -in:junk', emptyText: 'No unread mail.' },
  { id: 'flagged', label: 'Flagged', query: 'is:flagged -in:trash -in:junk', emptyText: 'No flagged messages. Flag one with s or the Flag button.' },
];
