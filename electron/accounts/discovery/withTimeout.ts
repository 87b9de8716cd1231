/** Rejects with a timeout once `ms` have passed; the job itself is left to finish (or fail) on its own. */
export function withTimeout<T>(job: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)));
  job.catch(() => undefined);
  return Promise.race([job, deadline]).finally(() => clearTimeout(timer));
}
