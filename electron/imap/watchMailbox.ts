/**
 * Opens a mailbox on a connection that does nothing else, so imapflow keeps it in IDLE, and reports any
 * change the server pushes. Resolves when the connection closes, for whatever reason.
 */
import type { ImapClient } from './imapClient';

export async function watchMailbox(client: ImapClient, path: string, onChange: () => void): Promise<void> {
  const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
  const notify = (event: { path?: string }) => {
    if (event.path === undefined || event.path === path) onChange();
  };
  client.on('exists', notify);
  client.on('expunge', notify);
  client.on('flags', notify);
  try {
    await client.mailboxOpen(path, { readOnly: true });
    await closed;
  } finally {
    client.off('exists', notify);
    client.off('expunge', notify);
    client.off('flags', notify);
  }
}
