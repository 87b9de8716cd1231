/**
 * Tells main which folder the window shows, so that account's push connection IDLEs on it (changes made on another
 * device show at once) and goes back to INBOX for a view across folders (null). Main waits for clicking to stop
 * before it moves the connection, so this reports every change as it comes.
 */
import { useEffect } from 'react';
import type { FolderRef } from '../../shared/contract/api';
import type { TernClient } from '../../shared/ipc/createClient';

export function useFolderOnScreen(client: TernClient, folder: FolderRef | null): void {
  const accountId = folder?.accountId ?? null;
  const path = folder?.path ?? null;
  useEffect(() => {
    const onScreen = accountId !== null && path !== null ? { accountId, path } : null;
    // Offline or refused, push simply stays where it was: nothing for the user to do about it.
    client.api.setFolderOnScreen({ folder: onScreen }).catch(() => undefined);
  }, [client, accountId, path]);
}
