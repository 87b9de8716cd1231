/**
 * One mailbox brought in step with the server, as a sequence of bounded deltas. The caller pulls the next
 * delta only after the renderer stored the previous one, so memory stays bounded and a slow disk slows the
 * sync instead of growing a queue. The cursor rides only on the last delta: it never runs ahead of the data.
 *
 * Initial sync is newest-first (the first screenful arrives in one small batch). Incremental sync fetches
 * new UIDs, changed flags (CONDSTORE CHANGEDSINCE where available, all flags otherwise) and the set of UIDs
 * still present, so expunges made elsewhere are never missed.
 */
import type { MailboxCursor, MailboxDelta } from '../../shared/contract/sync';
import { formatUidSet } from '../../shared/domain/uidSet';
import type { ImapClient } from '../imap/imapClient';
import { fetchFlags } from '../imap/fetchFlags';
import { fetchHeaders } from '../imap/fetchHeaders';
import { searchUids } from '../imap/searchUids';
import { selectMailbox } from '../imap/selectMailbox';

export type DeltaDraft = Omit<MailboxDelta, 'deltaId'>;

export interface SyncSizes {
  /** The first batch: what fills the screen. */
  first: number;
  chunk: number;
  flagChunk: number;
}

export const DEFAULT_SIZES: SyncSizes = { first: 50, chunk: 500, flagChunk: 2000 };

function chunks<T>(items: T[], first: number, size: number): T[][] {
  const out: T[][] = [];
  if (items.length === 0) return out;
  out.push(items.slice(0, first));
  for (let i = first; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function* syncMailbox(
  client: ImapClient,
  accountId: string,
  path: string,
  cursor: MailboxCursor | null,
  sizes: SyncSizes = DEFAULT_SIZES,
): AsyncGenerator<DeltaDraft, MailboxCursor> {
  const selected = await selectMailbox(client, path);
  const nextCursor: MailboxCursor = {
    uidValidity: selected.uidValidity,
    uidNext: selected.uidNext,
    highestModseq: selected.highestModseq === null ? null : selected.highestModseq.toString(),
  };
  const base = { accountId, path, upserts: [], flagUpdates: [], vanished: [], present: null, cursor: null };
  const fresh = cursor === null || cursor.uidValidity !== selected.uidValidity;

  // Which UIDs need headers: all of them when starting over, else only those above what the cache has.
  const fromUid = fresh ? 1 : cursor.uidNext;
  const present = await searchUids(client);
  const newUids = present.filter((uid) => uid >= fromUid).reverse();
  const flagRange = fresh || cursor.uidNext <= 1 ? null : `1:${cursor.uidNext - 1}`;
  const modseqUnchanged = !fresh && cursor.highestModseq !== null && cursor.highestModseq === nextCursor.highestModseq;

  let done = 0;
  const total = newUids.length;
  let reset = fresh;
  for (const batch of chunks(newUids, sizes.first, sizes.chunk)) {
    const upserts = await fetchHeaders(client, formatUidSet(batch));
    done += batch.length;
    yield { ...base, reset, upserts, progress: { done, total } };
    reset = false;
  }

  if (flagRange && !modseqUnchanged) {
    const since = cursor?.highestModseq && selected.highestModseq !== null ? BigInt(cursor.highestModseq) : null;
    const known = present.filter((uid) => uid < fromUid);
    const ranges = since !== null ? [flagRange] : chunks(known, sizes.flagChunk, sizes.flagChunk).map((part) => formatUidSet(part));
    for (const range of ranges) {
      if (!range) continue;
      const flagUpdates = await fetchFlags(client, range, since);
      if (flagUpdates.length > 0) yield { ...base, reset: false, flagUpdates, progress: { done, total } };
    }
  }

  yield {
    ...base,
    reset,
    present: { below: nextCursor.uidNext, uids: formatUidSet(present) },
    cursor: nextCursor,
    progress: { done: total, total },
  };
  return nextCursor;
}
