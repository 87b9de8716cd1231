/**
 * Reads the common shape of one `* n FETCH (…)` response straight from its bytes: UID, FLAGS, RFC822.SIZE, MODSEQ
 * and a BODY[section] literal, as a sync's list rows and flag scans get them. imapflow's generic tokenizer builds a
 * node tree of every token first, which over a 10,000-message sync was about 0.8 s of the engine's 2.5 s of CPU.
 *
 * Strict on purpose: anything else — a quoted string, a partial `<n>`, an item not listed above, a flag with a
 * character the tokenizer treats specially, a literal whose length does not match — gives undefined, and the line
 * goes to imapflow's parser as before. So this decides only what it is sure of, and what it decides is what
 * itemsOf() makes of imapflow's parse of the same line (readFetchLine.test.ts compares the two).
 */
/** What one response said; an item it left out is undefined. */
export interface FetchedRow {
  uid?: number;
  flags?: Set<string>;
  size?: number;
  headers?: Buffer;
}

const SPACE = 0x20;
const CLOSE = 0x29;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const CR = 0x0d;
const LF = 0x0a;

const PREFIX_STAR = Buffer.from('* ');
const FETCH_OPEN = Buffer.from(' FETCH (');

/** Bytes of a flag atom that every tokenizer reads the same way: visible ASCII but for the specials. */
const FLAG_BYTE = new Uint8Array(256);
for (let byte = 0x21; byte < 0x7f; byte++) FLAG_BYTE[byte] = 1;
for (const special of '(){}[]<>%*"\\') FLAG_BYTE[special.charCodeAt(0)] = 0;

/** Item names this reads, as the server echoes them. */
const UID = Buffer.from('UID ');
const FLAGS = Buffer.from('FLAGS (');
const SIZE = Buffer.from('RFC822.SIZE ');
const MODSEQ = Buffer.from('MODSEQ (');
const BODY = Buffer.from('BODY[');
const NIL = Buffer.from('NIL');

function startsAt(line: Buffer, at: number, word: Buffer): boolean {
  if (at + word.length > line.length) return false;
  for (let i = 0; i < word.length; i++) if (line[at + i] !== word[i]) return false;
  return true;
}

/** Digits from `at`: [value, end], or undefined when there are none or too many for the item. */
function digitsAt(line: Buffer, at: number, maxDigits: number): [number, number] | undefined {
  let value = 0;
  let i = at;
  while (i < line.length && line[i]! >= 0x30 && line[i]! <= 0x39) {
    value = value * 10 + (line[i]! - 0x30);
    i++;
  }
  return i === at || i - at > maxDigits ? undefined : [value, i];
}

/** The payload ImapStream hands on: the line (a literal's `{n}\r\n` marker included) and its literals in order. */
export function readFetchLine(line: Buffer, literals: readonly Buffer[]): FetchedRow | undefined {
  if (!startsAt(line, 0, PREFIX_STAR)) return undefined;
  const sequence = digitsAt(line, 2, 10);
  if (!sequence || !startsAt(line, sequence[1], FETCH_OPEN)) return undefined;
  let at = sequence[1] + FETCH_OPEN.length;
  let literal = 0;
  const row: FetchedRow = {};
  for (;;) {
    if (startsAt(line, at, UID)) {
      const value = digitsAt(line, at + UID.length, 10);
      if (!value) return undefined;
      row.uid = value[0];
      at = value[1];
    } else if (startsAt(line, at, SIZE)) {
      const value = digitsAt(line, at + SIZE.length, 10);
      if (!value) return undefined;
      row.size = value[0];
      at = value[1];
    } else if (startsAt(line, at, MODSEQ)) {
      // Not kept: a sync asks the server for changes since a MODSEQ, it never reads one from a row.
      const value = digitsAt(line, at + MODSEQ.length, 20);
      if (!value || line[value[1]] !== CLOSE) return undefined;
      at = value[1] + 1;
    } else if (startsAt(line, at, FLAGS)) {
      const flags = new Set<string>();
      at += FLAGS.length;
      while (line[at] !== CLOSE) {
        const start = at;
        if (line[at] === BACKSLASH) at++;
        const atomStart = at;
        while (at < line.length && FLAG_BYTE[line[at]!] === 1) at++;
        if (at === atomStart) return undefined;
        flags.add(line.toString('latin1', start, at));
        if (line[at] === SPACE && line[at + 1] !== CLOSE) at++;
        else if (line[at] !== CLOSE) return undefined;
      }
      row.flags = flags;
      at++;
    } else if (startsAt(line, at, BODY)) {
      const close = line.indexOf(CLOSE_BRACKET, at + BODY.length);
      const nested = line.indexOf(OPEN_BRACKET, at + BODY.length);
      // A nested `[`, or a partial `<n>` after the section, is the tokenizer's to read.
      if (close < 0 || (nested >= 0 && nested < close) || line[close + 1] !== SPACE) return undefined;
      at = close + 2;
      if (startsAt(line, at, NIL)) {
        // NIL: the server has no such section; the row says nothing of headers, as itemsOf() has it.
        at += NIL.length;
      } else {
        if (line[at] !== OPEN_BRACE) return undefined;
        const length = digitsAt(line, at + 1, 10);
        if (!length || line[length[1]] !== CLOSE_BRACE || line[length[1] + 1] !== CR || line[length[1] + 2] !== LF) return undefined;
        const value = literals[literal++];
        if (!value || value.length !== length[0]) return undefined;
        row.headers = value;
        at = length[1] + 3;
      }
    } else {
      return undefined;
    }
    if (line[at] === SPACE) {
      at++;
      continue;
    }
    // The list's end must be the line's end, every literal spent.
    return line[at] === CLOSE && at + 1 === line.length && literal === literals.length ? row : undefined;
  }
}
