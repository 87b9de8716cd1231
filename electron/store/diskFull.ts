/**
 * A full disk (ENOSPC) or an exhausted user quota (EDQUOT) under the data dir, turned into the one error the
 * UI explains: STORAGE_FULL, saying what was not saved and that nothing else changed.
 */
import { TernError } from '../../shared/contract/errors';

const FULL = new Set(['ENOSPC', 'EDQUOT']);

export function isDiskFull(error: unknown): boolean {
  let current: unknown = error;
  // Streams and wrappers may put the errno one level down.
  for (let depth = 0; depth < 3 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && FULL.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** `what` completes "Tern could not save …" (for example "the account settings"). */
export function diskFullError(what: string): TernError {
  return new TernError('STORAGE_FULL', `Tern could not save ${what}: the disk is full. Nothing was changed; free some space and try again.`);
}
