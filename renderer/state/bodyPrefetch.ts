/**
 * Offline reading without having opened the message first: after a folder is in step, the bodies of its
 * recent mail are fetched in the background, newest first, one at a time (the user's own clicks share the
 * connection and must not wait behind a burst). What is kept is bounded by the user's offline budget: past
 * it, the bodies of the oldest mail are dropped (its headers stay, and it is fetched again when opened).
 */
import Dexie from 'dexie';
import type { TernDb } from '../cache/db';
import { preferences } from './preferences';

/** A message this large is fetched when opened, not ahead of time: one would eat a small budget alone. */
const MAX_PREFETCH_BYTES = 2 * 1024 * 1024;
/** Messages looked at per folder round; the next sync round continues. */
const ROUND = 300;
/** A breath between fetches, for the user's own requests on the same connection. */
const PAUSE_MS = 40;
const DAY_MS = 86_400_000;

type Key = [string, string, number];

export interface PrefetchHost {
  db: TernDb;
  loadBody(accountId: string, path: string, uid: number): Promise<void>;
  isOnline(accountId: string): boolean;
}

export class BodyPrefetcher {
  private readonly queue: { accountId: string; path: string }[] = [];
  private running = false;
  /** Bodies fetched by this prefetcher (for the tests and the status view). */
  fetched = 0;

  constructor(
    private readonly host: PrefetchHost,
    private readonly pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** Called when a folder has just come in step. */
  schedule(accountId: string, path: string): void {
    if (preferences().get().offlineDays <= 0) return;
    if (!this.queue.some((entry) => entry.accountId === accountId && entry.path === path)) this.queue.push({ accountId, path });
    if (!this.running) void this.drain();
  }

  private draining: Promise<void> = Promise.resolve();

  /** Resolves when everything scheduled so far has been fetched (or skipped). */
  idle(): Promise<void> {
    return this.draining;
  }

  private drain(): Promise<void> {
    this.running = true;
    this.draining = (async () => {
      try {
        for (let next = this.queue.shift(); next; next = this.queue.shift()) await this.prefetchFolder(next.accountId, next.path);
      } finally {
        this.running = false;
      }
    })();
    return this.draining;
  }

  private async prefetchFolder(accountId: string, path: string): Promise<void> {
    const { db } = this.host;
    const { offlineDays, offlineBudgetMb } = preferences().get();
    const since = Date.now() - offlineDays * DAY_MS;
    const recent = await db.messages.where('[accountId+path+date]').between([accountId, path, since], [accountId, path, Dexie.maxKey]).reverse().limit(ROUND).toArray();
    const cached = await db.bodies.bulkGet(recent.map((row) => [accountId, path, row.uid] as Key));
    const wanted = recent.filter((row, i) => !cached[i] && row.size <= MAX_PREFETCH_BYTES);
    for (const row of wanted) {
      if (!this.host.isOnline(accountId) || preferences().get().offlineDays <= 0) return;
      try {
        await this.host.loadBody(accountId, path, row.uid);
        this.fetched++;
      } catch {
        // Gone meanwhile, or the folder was rebuilt: the next round sees the new state.
      }
      await this.pause(PAUSE_MS);
    }
    await enforceBudget(db, offlineBudgetMb * 1024 * 1024);
  }
}

/**
 * Keeps the cached bodies within the budget, counted by their messages' sizes (what the server says each
 * message weighs; attachments are never cached, so this errs on the safe side). The oldest mail goes first.
 */
export async function enforceBudget(db: TernDb, budgetBytes: number): Promise<number> {
  const keys = (await db.bodies.toCollection().primaryKeys()) as Key[];
  const rows = await db.messages.bulkGet(keys);
  const sized = keys.map((key, i) => ({ key, size: rows[i]?.size ?? 0, date: rows[i]?.date ?? 0 }));
  let total = sized.reduce((sum, entry) => sum + entry.size, 0);
  if (total <= budgetBytes) return 0;
  sized.sort((a, b) => a.date - b.date);
  const drop: Key[] = [];
  for (const entry of sized) {
    if (total <= budgetBytes) break;
    drop.push(entry.key);
    total -= entry.size;
  }
  await db.bodies.bulkDelete(drop);
  return drop.length;
}
