/** Checks a folder change that crossed the contract: shapes and lengths (names are checked against the server's delimiter in main). */
import type { FolderChange } from '../contract/folders';
import { TernError } from '../contract/errors';

function fail(what: string): never {
  throw new TernError('INVALID_INPUT', `Invalid folder change: ${what}.`);
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1024 || /[\r\n\0]/.test(value)) fail(what);
  return value;
}

const parent = (value: unknown) => (value === null || value === undefined ? null : text(value, 'parent folder'));

export function validateFolderChange(value: unknown): FolderChange {
  if (typeof value !== 'object' || value === null) fail('missing');
  const raw = value as Record<string, unknown>;
  const accountId = text(raw.accountId, 'account');
  switch (raw.kind) {
    case 'create':
      return { kind: 'create', accountId, parentPath: parent(raw.parentPath), name: text(raw.name, 'name') };
    case 'rename':
      return { kind: 'rename', accountId, path: text(raw.path, 'folder'), newParentPath: parent(raw.newParentPath), newName: text(raw.newName, 'name') };
    case 'delete': {
      const agreed = raw.messagesAgreed;
      if (typeof agreed !== 'number' || !Number.isSafeInteger(agreed) || agreed < 0) fail('message count');
      return { kind: 'delete', accountId, path: text(raw.path, 'folder'), messagesAgreed: agreed };
    }
    case 'subscribe':
      return { kind: 'subscribe', accountId, path: text(raw.path, 'folder'), subscribed: raw.subscribed === true };
    default:
      return fail('kind');
  }
}
