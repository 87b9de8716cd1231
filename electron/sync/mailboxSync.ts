/**
 * One mailbox brought in step with the server, as a sequence of bounded deltas. The caller pulls the next
 * delta only after the renderer stored the previous one (at most one more is prepared meanwhile), so memory
 * stays bounded and a slow disk slows the sync instead of growing a queue. The cursor rides only on the last
 * delta: it never runs ahead of the data.
 *
 * - No cursor, or another UIDVALIDITY: start over, newest first (the first screenful is one small batch).
 * - QRESYNC: the SELECT itself names vanished UIDs and changed flags; only new UIDs are fetched.
 * - CONDSTORE only: flags by CHANGEDSINCE; expunges from the full UID set (a UID diff).
 * - Neither: flags of every cached message in chunks, skipped when nothing could have changed; UID diff.
 *
 * The work is planned once (`planSync`) and carried out by `runSyncPlan`, which records how far it got: when
 * the connection drops half way through a 100k-message fill, a new connection resumes the same plan where the
 * last stored delta ended instead of starting over. The cursor is the one seen when the plan was made, so
 * whatever changed on the server meanwhile is picked up by the next sync.
 */
import { TernError } from '../../shared/contract/errors';
import type { MessageHeader } from '../../shared/contract/messages';
import type { MailboxCursor, MailboxDelta } from '../../shared/contract/sync';
import { formatUidSet } from '../../shared/domain/uidSet';
import { fetchFlags } from '../imap/fetchFlags';
import { fetchHeaders } from '../imap/fetchHeaders';
import type { ImapClient } from '../imap/imapClient';
import { searchUids } from '../imap/searchUids';
import { selectMailbox } from '../imap/selectMailbox';
import { selectWithChanges } from '../imap/selectWithChanges';

export type DeltaDraft = Omit<MailboxDelta, 'deltaId'>;

export interface SyncSizes {
  /** The first batch: what fills the screen. */
  first: number;
  chunk: number;
  flagChunk: number;
}

const FETCH_SLICE = 300;

/**
 * 2000 rows a delta (~0.75 MB of JSON): each delta costs the page a round trip (acknowledgement, then the next
 * delta), during which IndexedDB has nothing to write. Measured at 100k: 17.3 s against 18.4 s with 1000.
 */
export const DEFAULT_SIZES: SyncSizes = { first: 50, chunk: 2000, flagChunk: 5000 };

/**
 * How many new messages go in the batch after `batches` batches: the screenful, then four times the batch
 * before up to `chunk`. While the renderer stores one batch the next is fetched, so a full-size second batch
 * would leave the renderer idle while the engine fetches 2000 rows (~110 ms at 10k); growing batches keep both
 * busy from the start.
 */
function batchSize(batches: number, sizes: SyncSizes): number {
  return Math.min(Math.max(sizes.chunk, sizes.first), sizes.first * 4 ** batches);
}

/** What one sync will do, and how much of it is done (every yielded delta has been handed over). */
export interface SyncPlan {
  accountId: string;
  path: string;
  cursor: MailboxCursor;
  /** The next delta must tell the renderer to drop what it held (a fresh start it has not seen yet). */
  reset: boolean;
  quick: boolean;
  /** New UIDs, newest first; how many have their headers in hand, and how many of those were delivered. */
  newUids: number[];
  fetched: number;
  delivered: number;
  /** Headers fetched for the batch being filled, not yet delivered. */
  pending: MessageHeader[];
  /** FLAGS ranges for cached messages (CONDSTORE-only or no-CONDSTORE servers), and how many were done. */
  flagRanges: string[];
  flagSince: bigint | null;
  flagsDone: number;
  vanished: number[];
  changedFlags: [number, string[]][];
  present: number[] | null;
  /** How many batches of new mail were delivered: the first one is the small screenful. */
  batches: number;
}

function chunks<T>(items: T[], first: number, size: number): T[][] {
  const out: T[][] = [];
  if (items.length === 0) return out;
  out.push(items.slice(0, first));
  for (let i = first; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function planSync(client: ImapClient, accountId: string, path: string, cursor: MailboxCursor | null, sizes: SyncSizes = DEFAULT_SIZES): Promise<SyncPlan> {
  const since = cursor?.highestModseq ? { uidValidity: cursor.uidValidity, changedSince: cursor.highestModseq } : null;
  const selected = await selectWithChanges(client, path, since);
  const nextCursor: MailboxCursor = {
    uidValidity: selected.uidValidity,
    uidNext: selected.uidNext,
    highestModseq: selected.highestModseq === null ? null : selected.highestModseq.toString(),
  };
  const fresh = cursor === null || cursor.uidValidity !== selected.uidValidity;
  const fromUid = fresh ? 1 : cursor.uidNext;
  const quick = !fresh && selected.qresync;

  // New mail (everything, when starting over), newest first. QRESYNC needs no UID SEARCH unless UIDNEXT moved.
  const present = quick ? null : await searchUids(client);
  // Fewer UIDs than messages would leave some behind for good: the cursor moves past them.
  const exists = client.mailbox ? client.mailbox.exists : null;
  if (present && exists !== null && present.length < exists) {
    throw new TernError('PROTOCOL_ERROR', `The server named ${present.length} of the ${exists} messages in “${path}”. Tern kept what it has and will try again.`);
  }
  const newUids = (quick ? (selected.uidNext > fromUid ? await searchUids(client, fromUid) : []) : (present ?? []).filter((uid) => uid >= fromUid)).reverse();

  let flagRanges: string[] = [];
  let flagSince: bigint | null = null;
  const modseqUnchanged = !fresh && cursor.highestModseq !== null && cursor.highestModseq === nextCursor.highestModseq;
  if (!quick && !fresh && fromUid > 1 && !modseqUnchanged) {
    flagSince = cursor.highestModseq !== null && selected.highestModseq !== null ? BigInt(cursor.highestModseq) : null;
    const known = (present ?? []).filter((uid) => uid < fromUid);
    flagRanges = flagSince !== null ? [`1:${fromUid - 1}`] : chunks(known, sizes.flagChunk, sizes.flagChunk).map((part) => formatUidSet(part));
  }

  return {
    ...emptyPlan(accountId, path, nextCursor),
    reset: fresh,
    quick,
    newUids,
    flagRanges,
    flagSince,
    vanished: selected.vanished,
    changedFlags: quick ? [...selected.changedFlags].filter(([uid]) => uid < fromUid) : [],
    // A fresh plan empties the folder with its first delta and then brings only UIDs from this set: the
    // renderer's check against it could find nothing to remove, and cost it a scan of every key of the folder
    // in the last transaction (713 ms at 100k messages). A message expunged meanwhile is left to the next
    // sync, as it was with the check (the set is from the plan's start).
    present: fresh ? null : present,
  };
}

/** A plan with nothing to do yet: what a caller adds to it is all there is. */
function emptyPlan(accountId: string, path: string, cursor: MailboxCursor): SyncPlan {
  return { accountId, path, cursor, reset: false, quick: false, newUids: [], fetched: 0, delivered: 0, pending: [], flagRanges: [], flagSince: null, flagsDone: 0, vanished: [], changedFlags: [], present: null, batches: 0 };
}

/** The folder was rebuilt (another UIDVALIDITY) between two attempts of one plan: it must be planned again. */
export class PlanOutdated extends Error {}

/**
 * Carries out a plan from where it stands. `resumed`: the plan was started on another connection, so the
 * mailbox is selected again here (and the plan dropped if the folder was rebuilt meanwhile).
 */
export async function* runSyncPlan(client: ImapClient, plan: SyncPlan, resumed: boolean, sizes: SyncSizes = DEFAULT_SIZES): AsyncGenerator<DeltaDraft, MailboxCursor> {
  if (resumed) {
    const selected = await selectMailbox(client, plan.path);
    if (selected.uidValidity !== plan.cursor.uidValidity) throw new PlanOutdated(`${plan.path} was rebuilt on the server`);
  }
  const base = { accountId: plan.accountId, path: plan.path, upserts: [], flagUpdates: [], vanished: [], present: null, cursor: null };
  const total = plan.newUids.length;
  const flagsLeft = () => !plan.quick && plan.flagsDone < plan.flagRanges.length;

  while (plan.fetched < total) {
    // A batch is fetched in slices and handed over whole; slices already in hand survive a lost connection.
    // imapflow sends one command at a time and parses each response on the engine's thread: fewer, larger
    // slices mean fewer round trips with the server idle while the engine parses. 10k messages, three full
    // syncs each, six runs per size on this 2-core machine (docs/benchmarks.md): 300 a slice took 1.33–1.48 s
    // against 1.33–1.62 s with 100, with the engine thread's p99 at 30–66 ms against 24–74 ms.
    const batchEnd = Math.min(total, plan.delivered + batchSize(plan.batches, sizes));
    while (plan.fetched < batchEnd) {
      const slice = plan.newUids.slice(plan.fetched, Math.min(batchEnd, plan.fetched + FETCH_SLICE));
      plan.pending.push(...(await fetchHeaders(client, formatUidSet(slice))));
      plan.fetched += slice.length;
    }
    const upserts = plan.pending;
    const reset = plan.reset;
    // Counted as delivered before the yield: a yielded delta reaches the renderer even if the connection
    // drops meanwhile.
    plan.pending = [];
    plan.delivered = plan.fetched;
    plan.batches++;
    plan.reset = false;
    // The last batch carries what ends the sync when nothing else is left to fetch: one round trip less.
    if (plan.fetched === total && !flagsLeft()) return yield* finish(plan, { ...base, reset, upserts });
    yield { ...base, reset, upserts, progress: { done: plan.delivered, total } };
  }

  while (flagsLeft()) {
    const flagUpdates = await fetchFlags(client, plan.flagRanges[plan.flagsDone] ?? '', plan.flagSince);
    plan.flagsDone++;
    if (flagUpdates.length > 0) yield { ...base, reset: false, flagUpdates, progress: { done: total, total } };
  }

  const reset = plan.reset;
  plan.reset = false;
  return yield* finish(plan, { ...base, reset });
}

/**
 * The delta that ends a sync: flags and removals found when the plan was made (QRESYNC), the UID diff's
 * survivors, and the cursor, which never runs ahead of the data. `last` holds the rows it carries, if any.
 */
async function* finish(plan: SyncPlan, last: Omit<DeltaDraft, 'progress'>): AsyncGenerator<DeltaDraft, MailboxCursor> {
  const total = plan.newUids.length;
  yield {
    ...last,
    ...(plan.quick
      ? { flagUpdates: plan.changedFlags.map(([uid, flags]) => ({ uid, flags })), vanished: plan.vanished }
      : { present: plan.present ? { below: plan.cursor.uidNext, uids: formatUidSet(plan.present) } : null }),
    cursor: plan.cursor,
    progress: { done: total, total },
  };
  return plan.cursor;
}

/** One sync in one go, on one connection (the plan is not kept). */
export async function* syncMailbox(
  client: ImapClient,
  accountId: string,
  path: string,
  cursor: MailboxCursor | null,
  sizes: SyncSizes = DEFAULT_SIZES,
): AsyncGenerator<DeltaDraft, MailboxCursor> {
  const plan = await planSync(client, accountId, path, cursor, sizes);
  return yield* runSyncPlan(client, plan, false, sizes);
}
