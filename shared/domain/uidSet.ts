/** IMAP sequence sets ("1:5,7,9:12") for UID lists: compact on the wire however many messages a mailbox has. */

export function formatUidSet(uids: Iterable<number>): string {
  const sorted = [...new Set(uids)].filter((uid) => Number.isSafeInteger(uid) && uid > 0).sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0];
  let prev = start;
  for (let i = 1; i <= sorted.length; i++) {
    const uid = sorted[i];
    if (uid !== undefined && prev !== undefined && uid === prev + 1) {
      prev = uid;
      continue;
    }
    if (start !== undefined && prev !== undefined) parts.push(start === prev ? `${start}` : `${start}:${prev}`);
    start = uid;
    prev = uid;
  }
  return parts.join(',');
}

/** Parses a UID set without `*`; returns null for anything malformed (the set came over the wire). */
export function parseUidSet(text: string): Set<number> | null {
  const result = new Set<number>();
  if (text === '') return result;
  for (const part of text.split(',')) {
    const match = /^(\d+)(?::(\d+))?$/.exec(part);
    if (!match) return null;
    const a = Number(match[1]);
    const b = match[2] === undefined ? a : Number(match[2]);
    const [low, high] = a <= b ? [a, b] : [b, a];
    if (low < 1 || !Number.isSafeInteger(high) || high - low > 10_000_000) return null;
    for (let uid = low; uid <= high; uid++) result.add(uid);
  }
  return result;
}
