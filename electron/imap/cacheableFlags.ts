/** Flags worth caching: \Recent is per-session state of one connection, meaningless to any other. */
export function cacheableFlags(flags: Set<string> | undefined): string[] {
  return [...(flags ?? [])].filter((flag) => flag !== '\\Recent');
}
