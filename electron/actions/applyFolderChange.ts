/**
 * One queued folder change on the server, safe to replay: the queue may send it again after a crash or a
 * reload mid-flight, and the server may meanwhile have been changed by another device. A change the server
 * already shows succeeds as `alreadyDone`; one that would now do something else than what the user agreed to
 * (the folder gone, the new name taken, more mail in a folder to delete) is refused with a reason, and
 * nothing is touched.
 */
import { TernError } from '../../shared/contract/errors';
import type { FolderChange } from '../../shared/contract/folders';
import { folderPath } from '../../shared/domain/folderNames';
import type { ImapClient } from '../imap/imapClient';
import { createMailbox, delimiterFor, deleteMailbox, find, guard, renameMailbox, setSubscribed } from '../imap/manageMailboxes';

export async function applyFolderChange(client: ImapClient, change: FolderChange): Promise<{ alreadyDone: boolean }> {
  switch (change.kind) {
    case 'create': {
      const delimiter = await delimiterFor(client, change.parentPath).catch((error: unknown) => {
        if (error instanceof TernError && error.code === 'NOT_FOUND') {
          throw new TernError('NOT_FOUND', `“${change.name}” was not created: the folder “${change.parentPath}” it belongs in no longer exists on the server (deleted or renamed on another device).`);
        }
        throw error;
      });
      const path = folderPath(change.parentPath, change.name, delimiter);
      if (await find(client, path)) {
        await client.mailboxSubscribe(path); // an earlier attempt may have stopped between CREATE and SUBSCRIBE
        return { alreadyDone: true };
      }
      await createMailbox(client, change.parentPath, change.name);
      return { alreadyDone: false };
    }
    case 'rename': {
      const source = await find(client, change.path);
      if (!source) {
        const target = folderPath(change.newParentPath, change.newName, await delimiterFor(client, change.newParentPath).catch(() => '/'));
        if (await find(client, target)) return { alreadyDone: true };
        throw new TernError('NOT_FOUND', `The folder “${change.path}” was deleted or renamed on another device, so it was not renamed to “${change.newName}”.`);
      }
      try {
        await renameMailbox(client, change.path, change.newParentPath, change.newName);
      } catch (error) {
        if (error instanceof TernError && /already exists/.test(error.message)) {
          throw new TernError('CONFLICT', `“${change.path}” was not renamed: ${error.message.replace(/^A/, 'a')} on the server.`);
        }
        throw error;
      }
      return { alreadyDone: false };
    }
    case 'delete': {
      const entry = await find(client, change.path);
      if (!entry) return { alreadyDone: true };
      guard(entry, change.path, 'delete');
      const status = await client.status(change.path, { messages: true });
      const held = status === false ? 0 : (status.messages ?? 0);
      if (held > change.messagesAgreed) {
        throw new TernError(
          'CONFLICT',
          `The folder “${change.path}” was not deleted: it now holds ${held.toLocaleString()} message${held === 1 ? '' : 's'} on the server, more than the ${change.messagesAgreed.toLocaleString()} you agreed to delete.`,
        );
      }
      await deleteMailbox(client, change.path);
      return { alreadyDone: false };
    }
    case 'subscribe': {
      const exists = (await find(client, change.path)) !== null;
      if (!exists && change.subscribed) throw new TernError('NOT_FOUND', `The folder “${change.path}” no longer exists on the server.`);
      await setSubscribed(client, change.path, change.subscribed);
      return { alreadyDone: false };
    }
  }
}
