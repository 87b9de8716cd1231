/**
 * "Search the server": IMAP SEARCH in one folder for what the local cache may not hold, answered with the
 * newest matches' headers so the renderer can list them at once. The criteria crossed a boundary, so every
 * field is checked before it reaches the server.
 */
import { TernError } from '../../shared/contract/errors';
import type { SearchCriteria, ServerSearchResult } from '../../shared/contract/search';
import { fetchHeaders } from '../imap/fetchHeaders';
import { searchMessages } from '../imap/searchMessages';
import { selectMailbox } from '../imap/selectMailbox';
import type { EngineCore } from '../services/engineCore';

/** A screenful or two: the rest are counted, and the local list grows as the folder syncs. */
export const MAX_SERVER_HITS = 200;

const LIST_KEYS = ['words', 'notWords', 'from', 'to', 'subject', 'notFrom', 'notTo', 'notSubject', 'tags'] as const;

function invalid(what: string): never {
  throw new TernError('INVALID_INPUT', `The search's ${what} is invalid.`);
}

export function validateCriteria(value: unknown): SearchCriteria {
  if (typeof value !== 'object' || value === null) invalid('criteria');
  const raw = value as Record<string, unknown>;
  const lists = Object.fromEntries(
    LIST_KEYS.map((key) => {
      const list = raw[key];
      if (!Array.isArray(list) || list.length > 20) invalid(key);
      // NUL can be carried by no IMAP string; CR/LF would end the command.
      if (!list.every((item) => typeof item === 'string' && item.length > 0 && item.length <= 200 && !/[\0\r\n]/.test(item))) invalid(key);
      return [key, list as string[]];
    }),
  ) as Record<(typeof LIST_KEYS)[number], string[]>;
  const tristate = (key: 'unread' | 'flagged') => (raw[key] === null || typeof raw[key] === 'boolean' ? (raw[key] as boolean | null) : invalid(key));
  const day = (key: 'before' | 'after') => (raw[key] === null || (typeof raw[key] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw[key])) ? (raw[key] as string | null) : invalid(key));
  // A keyword is an IMAP atom: anything else would need quoting the SEARCH KEYWORD syntax does not allow.
  if (!lists.tags.every((tag) => /^[A-Za-z0-9$_.-]{1,64}$/.test(tag))) invalid('tags');
  return { ...lists, unread: tristate('unread'), flagged: tristate('flagged'), before: day('before'), after: day('after') };
}

export async function searchOnServer(core: EngineCore, accountId: string, path: string, criteria: SearchCriteria): Promise<ServerSearchResult> {
  const runtime = await core.runtime(accountId);
  return runtime.runInteractive(async (client) => {
    const selected = await selectMailbox(client, path);
    const uids = await searchMessages(client, criteria);
    const newest = uids.slice(-MAX_SERVER_HITS);
    const headers = newest.length > 0 ? await fetchHeaders(client, newest) : [];
    return { accountId, path, uidValidity: selected.uidValidity, total: uids.length, headers };
  });
}
