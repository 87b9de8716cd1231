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

/** Message-IDs aligned with the UIDs; anything malformed is dropped (the hint is optional), never sent on. */
function messageIds(value: unknown, count: number): { messageIds?: (string | null)[] } {
  if (!Array.isArray(value) || value.length !== count || count > 500) return {};
  return { messageIds: value.map((id) => (typeof id === 'string' && /^<[^<>\s\0]{1,250}>$/.test(id) ? id : null)) };
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
      return { kind: 'setFlags', ...common, add: flags(raw.add, 'flags to add'), remove: flags(raw.remove, 'flags to remove'), ...messageIds(raw.messageIds, common.uids.length) };
    case 'move':
      return { kind: 'move', ...common, target: text(raw.target, 'target folder'), ...messageIds(raw.messageIds, common.uids.length) };
    case 'deletePermanently':
      return { kind: 'deletePermanently', ...common };
    default:
      return fail('kind');
  }
}
