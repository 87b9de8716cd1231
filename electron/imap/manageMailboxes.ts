/**
 * Creating, renaming, deleting and (un)subscribing folders. Names are joined with the server's own delimiter
 * (from LIST, never assumed) and encoded by imapflow (modified UTF-7, or UTF-8 where the server accepts it).
 * Special folders and INBOX are refused before anything is sent: losing Sent or Trash by a slip is not okay.
 */
import { TernError } from '../../shared/contract/errors';
import { checkFolderName as checkName } from '../../shared/domain/folderNames';
import type { ImapClient } from './imapClient';

export interface Listed {
  path: string;
  delimiter: string;
  specialUse?: string | undefined;
}

export async function find(client: ImapClient, path: string): Promise<Listed | null> {
  const entries = await client.list();
  return entries.find((entry) => entry.path === path) ?? null;
}

export async function delimiterFor(client: ImapClient, parentPath: string | null): Promise<string> {
  const entries = await client.list();
  const parent = parentPath === null ? entries.find((entry) => entry.path.toUpperCase() === 'INBOX') : entries.find((entry) => entry.path === parentPath);
  if (parentPath !== null && !parent) throw new TernError('NOT_FOUND', `The folder “${parentPath}” no longer exists on the server.`);
  return parent?.delimiter || entries[0]?.delimiter || '/';
}

export function guard(entry: Listed | null, path: string, verb: string): Listed {
  if (!entry) throw new TernError('NOT_FOUND', `The folder “${path}” no longer exists on the server.`);
  if (entry.path.toUpperCase() === 'INBOX' || entry.specialUse) {
    throw new TernError('INVALID_INPUT', `“${entry.path}” is a special folder (${entry.specialUse ?? 'Inbox'}); Tern does not ${verb} it.`);
  }
  return entry;
}

export async function createMailbox(client: ImapClient, parentPath: string | null, name: string): Promise<string> {
  const delimiter = await delimiterFor(client, parentPath);
  const path = parentPath === null ? checkName(name, delimiter) : `${parentPath}${delimiter}${checkName(name, delimiter)}`;
  if (await find(client, path)) throw new TernError('INVALID_INPUT', `A folder named “${path}” already exists.`);
  await client.mailboxCreate(path);
  // Many clients show only subscribed folders: a folder made here should appear on the other devices too.
  await client.mailboxSubscribe(path);
  return path;
}

export async function renameMailbox(client: ImapClient, path: string, newParentPath: string | null, newName: string): Promise<string> {
  const entry = guard(await find(client, path), path, 'rename');
  const delimiter = entry.delimiter || (await delimiterFor(client, newParentPath));
  if (newParentPath !== null && (newParentPath === path || newParentPath.startsWith(`${path}${delimiter}`))) {
    throw new TernError('INVALID_INPUT', 'A folder cannot be moved inside itself.');
  }
  const target = newParentPath === null ? checkName(newName, delimiter) : `${newParentPath}${delimiter}${checkName(newName, delimiter)}`;
  if (target === path) return path;
  if (await find(client, target)) throw new TernError('INVALID_INPUT', `A folder named “${target}” already exists.`);
  // Subscriptions are names, not folders: neither Dovecot nor Cyrus carries a subfolder's along (Dovecot keeps
  // the old name subscribed, Cyrus drops it), so the folder's and every subfolder's move with it here.
  const subscribed = (await client.list()).filter((listed) => listed.subscribed === true && (listed.path === path || listed.path.startsWith(`${path}${delimiter}`)));
  await client.mailboxRename(path, target);
  for (const { path: old } of subscribed) {
    await client.mailboxUnsubscribe(old).catch(() => undefined);
    await client.mailboxSubscribe(`${target}${old.slice(path.length)}`);
  }
  return target;
}

export async function deleteMailbox(client: ImapClient, path: string): Promise<void> {
  const entries = await client.list();
  const entry = guard(entries.find((listed) => listed.path === path) ?? null, path, 'delete');
  // With subfolders, servers disagree: Dovecot answers OK yet keeps the folder (only its mail goes), Cyrus
  // refuses with NO [HASCHILDREN]. Neither is what the user confirmed, so Tern refuses first, alike everywhere.
  if (entry.delimiter && entries.some((listed) => listed.path.startsWith(`${path}${entry.delimiter}`))) {
    throw new TernError('INVALID_INPUT', `“${path}” has subfolders: delete or move them first.`);
  }
  await client.mailboxDelete(path);
}

export async function setSubscribed(client: ImapClient, path: string, subscribed: boolean): Promise<void> {
  if (subscribed) await client.mailboxSubscribe(path);
  else await client.mailboxUnsubscribe(path);
}
