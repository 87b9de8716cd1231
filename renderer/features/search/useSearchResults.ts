/**
 * A search's results as the list shows them: the cached matches at once (re-run as the cache changes), then,
 * when the engine is reachable and the query has something the server can test, IMAP SEARCH in the folders
 * it names (or the folder on screen) for what the cache lacks — its hits merged in by date and marked.
 */
import { useEffect, useMemo, useState } from 'react';
import type { MessageHeader } from '../../../shared/contract/messages';
import type { ServerSearchResult } from '../../../shared/contract/search';
import { inFolder } from '../../../shared/domain/search/compileSearch';
import { isEmptySearch, parseSearchQuery, type SearchQuery } from '../../../shared/domain/search/parseSearchQuery';
import { storeServerHits } from '../../cache/storeServerHits';
import { useSession, useSessionStatus } from '../../state/sessionContext';
import { searchIndexFor, type SortOrder } from './searchIndex';

/** A cached match is the index's own entry (no copy per hit: a broad query can match 100,000). */
export interface ResultItem {
  id: string;
  accountId: string;
  path: string;
  uid: number;
  date: number;
  /** Found by the server's SEARCH only (not among the cached matches). */
  fromServer?: boolean;
  /** The server's header, for a hit the cache could not take (its folder was rebuilt meanwhile). */
  header?: MessageHeader;
}

export interface ServerSearchState {
  state: 'off' | 'waiting' | 'searching' | 'done' | 'failed';
  folders: string[];
  /** Matches on the server in all, over the folders searched. */
  total: number;
  message: string | null;
}

export interface SearchResults {
  items: ResultItem[] | null;
  /** Grouped lists: the conversation's size by item id, where over one. */
  threadSizes: Map<string, number> | null;
  localCount: number;
  elapsedMs: number;
  problems: string[];
  server: ServerSearchState;
}

/** Long enough to skip the server while the user is still typing. */
const SERVER_DELAY_MS = 600;
const MAX_SERVER_FOLDERS = 4;
const RERUN_THROTTLE_MS = 250;

const SERVER_KEYS = ['words', 'notWords', 'from', 'to', 'subject', 'notFrom', 'notTo', 'notSubject', 'tags'] as const;

function askServer(query: SearchQuery): boolean {
  return SERVER_KEYS.some((key) => query[key].length > 0) || query.unread !== null || query.flagged !== null || query.before !== null || query.after !== null;
}

export function useSearchResults(
  text: string,
  scope: { accountId: string; path: string } | null,
  options: { server: boolean; order?: SortOrder; onlyScope?: boolean; grouped?: boolean },
): SearchResults {
  const session = useSession();
  const status = useSessionStatus();
  const { query, problems } = useMemo(() => parseSearchQuery(text), [text]);
  const order = options.order ?? 'newest';
  const onlyIn = options.onlyScope && scope ? scope : undefined;
  const grouped = options.grouped ?? false;
  const queryKey = JSON.stringify([query, order, onlyIn, grouped]);
  const index = searchIndexFor(session.db);
  const [local, setLocal] = useState<{ key: string; items: ResultItem[]; elapsedMs: number; threadSizes?: Map<string, number> } | null>(null);
  const [server, setServer] = useState<{ key: string; results: ServerSearchResult[]; state: ServerSearchState } | null>(null);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const run = () => {
      timer = null;
      const { hits, elapsedMs, threadSizes } = index.search(query, { order, grouped, ...(onlyIn ? { folder: onlyIn } : {}) });
      if (live) setLocal({ key: queryKey, items: hits, elapsedMs, ...(threadSizes ? { threadSizes } : {}) });
    };
    void index.ready().then(() => live && run());
    const stop = index.onChange(() => {
      timer ??= setTimeout(run, RERUN_THROTTLE_MS);
    });
    return () => {
      live = false;
      stop();
      if (timer) clearTimeout(timer);
    };
    // queryKey stands for query: a new object with the same content must not re-run the search.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [index, queryKey]);

  const online = status.connected;
  const scopeKey = scope ? `${scope.accountId}\u0000${scope.path}` : '';
  const serverKey = `${queryKey}\u0001${scopeKey}`;
  const plan = useMemo(() => {
    if (!options.server || isEmptySearch(query) || !askServer(query)) return { mode: 'off' as const, folders: [] };
    if (!online) return { mode: 'offline' as const, folders: [] };
    const folders = query.inFolders.length > 0
      ? index.folderList().filter(({ folder }) => query.inFolders.some((name) => inFolder(folder, name.toLowerCase()))).slice(0, MAX_SERVER_FOLDERS)
      : scope ? [{ accountId: scope.accountId, path: scope.path, folder: { path: scope.path, name: scope.path, specialUse: null } }] : [];
    return { mode: 'search' as const, folders };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [serverKey, online, options.server, index]);

  useEffect(() => {
    if (plan.mode !== 'search' || plan.folders.length === 0) return;
    let live = true;
    const names = plan.folders.map(({ folder }) => folder.name);
    const timer = setTimeout(() => {
      setServer({ key: serverKey, results: [], state: { state: 'searching', folders: names, total: 0, message: null } });
      void Promise.all(
        plan.folders.map(async ({ accountId, path }) => {
          const result = await session.client.api.searchOnServer({ accountId, path, criteria: query });
          await storeServerHits(session.db, result);
          return result;
        }),
      ).then(
        (results) => live && setServer({ key: serverKey, results, state: { state: 'done', folders: names, total: results.reduce((sum, result) => sum + result.total, 0), message: null } }),
        (error: unknown) => live && setServer({ key: serverKey, results: [], state: { state: 'failed', folders: names, total: 0, message: `The server search failed: ${(error as Error).message}` } }),
      );
    }, SERVER_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [plan, session]);

  const serverState: ServerSearchState =
    plan.mode === 'offline'
      ? { state: 'off', folders: [], total: 0, message: 'Offline: showing cached mail only.' }
      : plan.mode === 'off' || plan.folders.length === 0
        ? { state: 'off', folders: [], total: 0, message: null }
        : server?.key === serverKey
          ? server.state
          : { state: 'waiting', folders: plan.folders.map(({ folder }) => folder.name), total: 0, message: null };

  const localItems = local?.key === queryKey ? local.items : null;
  const serverNow = plan.mode === 'search' && server?.key === serverKey ? server : null;
  const items = useMemo(() => {
    if (!localItems) return null;
    const found = new Set(localItems.map((item) => item.id));
    const extra: ResultItem[] = [];
    for (const result of serverNow?.results ?? []) {
      for (const header of result.headers) {
        const id = `${result.accountId}\u0000${result.path}\u0000${header.uid}`;
        if (found.has(id)) continue;
        found.add(id);
        extra.push({ id, accountId: result.accountId, path: result.path, uid: header.uid, date: header.date, fromServer: true, header });
      }
    }
    if (extra.length === 0) return localItems;
    return [...localItems, ...extra].sort((a, b) => b.date - a.date || b.uid - a.uid);
  }, [localItems, serverNow]);

  return {
    items,
    threadSizes: local?.key === queryKey ? (local.threadSizes ?? null) : null,
    localCount: localItems?.length ?? 0,
    elapsedMs: local?.elapsedMs ?? 0,
    problems,
    server: serverState,
  };
}
