import { formatDuration } from './formatDuration';

/** "2,000 of 5,000, about 12 s left": an estimate only once it is worth reading (over 3 s); '' before a total is known. */
export function formatProgress(progress: { done: number; total: number; etaMs: number | null }): string {
  if (progress.total === 0) return '';
  const eta = progress.etaMs !== null && progress.etaMs > 3000 ? `, about ${formatDuration(progress.etaMs)} left` : '';
  return `${progress.done.toLocaleString()} of ${progress.total.toLocaleString()}${eta}`;
}
