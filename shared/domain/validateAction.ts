/** Checks an action that crossed the contract: shapes, UID lists, and flags that are IMAP atoms. */
import type { MessageAction } from '../contract/actions';
import { TernError } from '../contract/errors';

const FLAG = /^\\?[A-Za-z0-9$_.-]{1,64}$/;
const MAX_UIDS = 100_000;

function fail(what: string): never {
  throw new TernError('INVALID_INPUT', `Invalid action: ${what}.`);
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1024 || /[\r\n\0]/.test(value)) fail(what);
  return value;
}

function flags(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.length > 32 || !value.every((flag) => typeof flag === 'string' && FLAG.test(flag))) fail(what);
  return value as string[];
}

export function validateAction(value: unknown): MessageAction {
  if (typeof value !== 'object' || value === null) fail('missing');
  const raw = value as Record<string, unknown>;
  const common = {
    accountId: text(raw.accountId, 'account'),
    path: text(raw.path, 'folder'),
    uidValidity: /^\d{1,20}$/.test(String(raw.uidValidity)) ? String(raw.uidValidity) : fail('UIDVALIDITY'),
    uids:
      Array.isArray(raw.uids) && raw.uids.length <= MAX_UIDS && raw.uids.every((uid) => Number.isSafeInteger(uid) && (uid as number) > 0)
        ? (raw.uids as number[])
        : fail('UIDs'),
  };
  switch (raw.kind) {
    case 'setFlags':
      return { kind: 'setFlags', ...common, add: flags(raw.add, 'flags to add'), remove: flags(raw.remove, 'flags to remove') };
    case 'move':
      return { kind: 'move', ...common, target: text(raw.target, 'target folder') };
    case 'deletePermanently':
      return { kind: 'deletePermanently', ...common };
    default:
      return fail('kind');
  }
}
