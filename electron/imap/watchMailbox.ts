/**
 * A connection that does nothing but watch: it keeps one mailbox EXAMINEd, so imapflow keeps it in IDLE, and
 * reports every change the server pushes, naming the folder it happened in. `switchTo` moves the watch to
 * another mailbox on the same connection: imapflow ends IDLE for the EXAMINE and idles again after it.
 */
import type { ImapClient } from './imapClient';

export interface MailboxWatch {
  /** Resolves when the connection closes, for whatever reason. */
  readonly closed: Promise<void>;
  /**
   * EXAMINE `path`. Rejects when the server refuses it (deleted, \Noselect: the session then has no mailbox
   * selected, RFC 3501 6.3.1) or the connection fails; `client.usable` tells the two apart.
   */
  switchTo(path: string): Promise<void>;
  /**
   * After `closed`: whether the server ended the session for something on its side that a new session fixes,
   * and said so in its BYE. Dovecot 2.3 ends a session whose selected mailbox was deleted on another connection
   * with "IMAP session state is inconsistent, please relogin."; other servers name the deleted mailbox.
   */
  endedAskingToReconnect(): boolean;
  /** Stops reporting: the listeners come off. The connection itself is the caller's to close. */
  end(): void;
}

/** BYE texts that ask for a new session: "please relogin", or the selected mailbox deleted or renamed elsewhere. */
const RECONNECT_ASKED = /\bplease re-?log ?in\b|\bselected mailbox (was|has been) (deleted|removed|renamed)\b/i;

export function watchMailbox(client: ImapClient, onChange: (path: string) => void): MailboxWatch {
  const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
  // During a switch a push may still name the mailbox being left: it is a real change there, so it is reported.
  const notify = (event: { path?: string }) => {
    const path = event.path ?? (client.mailbox ? client.mailbox.path : undefined);
    if (path !== undefined) onChange(path);
  };
  client.on('exists', notify);
  client.on('expunge', notify);
  client.on('flags', notify);
  return {
    closed,
    async switchTo(path) {
      await client.mailboxOpen(path, { readOnly: true });
    },
    endedAskingToReconnect() {
      // imapflow keeps the server's BYE text on the client (not in its typings).
      const { byeReason } = client as { byeReason?: unknown };
      return typeof byeReason === 'string' && RECONNECT_ASKED.test(byeReason);
    },
    end() {
      client.off('exists', notify);
      client.off('expunge', notify);
      client.off('flags', notify);
    },
  };
}
