/**
 * The live side of one account: its connection lanes. Syncs get their own lane so that opening a message
 * never waits behind a long initial sync; everything short (LIST, body fetches) shares the other.
 */
import type { AccountSummary } from '../../shared/contract/accounts';
import { TernError } from '../../shared/contract/errors';
import { openImapClient } from '../imap/imapClient';
import type { SecretStore } from '../store/secretStore';
import { ConnectionLane } from '../sync/connectionLane';
import type { Logger } from './logger';

export class AccountRuntime {
  readonly sync: ConnectionLane;
  readonly interactive: ConnectionLane;

  constructor(
    readonly account: AccountSummary,
    secrets: SecretStore,
    log: Logger,
  ) {
    const open = async () => {
      const password = await secrets.get(account.id);
      if (password === null) throw new TernError('AUTH_FAILED', `No password is stored for ${account.email}. Remove and add the account again.`);
      return openImapClient({ server: account.imap, password, log });
    };
    this.sync = new ConnectionLane(open);
    this.interactive = new ConnectionLane(open);
  }

  async close(): Promise<void> {
    await Promise.all([this.sync.close(), this.interactive.close()]);
  }
}
