/**
 * Tells a full disk or an exhausted IndexedDB quota apart from other storage failures. Dexie wraps what the
 * browser reports (a QuotaExceededError, or an AbortError of the transaction whose `inner` is one), so the
 * whole chain is looked at. Chromium may report a full disk as a bare `UnknownError` instead: that counts
 * as full only when the browser's own estimate says the origin has (almost) no room left, so an unrelated
 * internal error is never blamed on the user's disk.
 */
import { TernError } from '../../shared/contract/errors';

export const STORAGE_FULL_MESSAGE = 'Tern can’t store more mail: the disk (or browser storage) is full. Free some space; syncing resumes by itself.';

/** Below this much room left, an UnknownError from IndexedDB is taken for a full disk. */
const ALMOST_FULL_BYTES = 1024 * 1024;

function causes(error: unknown): Array<{ name?: unknown; message?: unknown }> {
  const chain: Array<{ name?: unknown; message?: unknown }> = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const item = current as { name?: unknown; message?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
    chain.push(item);
    // A BulkError carries one failure per rejected row.
    if (Array.isArray(item.failures) && item.failures.length > 0) chain.push(...causes(item.failures[0]));
    current = item.inner ?? item.cause;
  }
  return chain;
}

/** Certainly a quota error (the browser said so, or Tern already turned it into STORAGE_FULL). */
export function isQuotaError(error: unknown): boolean {
  if (error instanceof TernError) return error.code === 'STORAGE_FULL';
  return causes(error).some((item) => item.name === 'QuotaExceededError');
}

/** A quota error, or an UnknownError while the origin's storage is (almost) used up. */
export async function isStorageFull(error: unknown, estimate: () => Promise<StorageEstimate> = defaultEstimate): Promise<boolean> {
  if (isQuotaError(error)) return true;
  if (!causes(error).some((item) => item.name === 'UnknownError')) return false;
  try {
    const { usage, quota } = await estimate();
    return usage !== undefined && quota !== undefined && quota - usage < ALMOST_FULL_BYTES;
  } catch {
    return false;
  }
}

function defaultEstimate(): Promise<StorageEstimate> {
  return typeof navigator !== 'undefined' && navigator.storage?.estimate ? navigator.storage.estimate() : Promise.reject(new Error('no estimate'));
}

/** For a write's `.catch`: a full disk becomes STORAGE_FULL with `message`; any other error goes on as it was. */
export function whenStorageFull(message: string) {
  return async (error: unknown): Promise<never> => {
    throw (await isStorageFull(error)) ? new TernError('STORAGE_FULL', message) : error;
  };
}
