/**
 * The header block of a raw message as name/value pairs, in order, continuation lines unfolded (RFC 5322
 * §2.2.3), for "All headers". Values are shown as sent, encoded words included: this view is for looking at
 * what the message really says. Lines that are not fields (a broken message) are kept, with an empty name.
 */
export interface HeaderField {
  name: string;
  value: string;
}

export function headerFields(source: string): HeaderField[] {
  const end = source.search(/\r?\n\r?\n/);
  const head = end < 0 ? source : source.slice(0, end);
  const fields: HeaderField[] = [];
  for (const line of head.split(/\r?\n/)) {
    const last = fields[fields.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0 && /^[\x21-\x39\x3b-\x7e]+$/.test(line.slice(0, colon))) fields.push({ name: line.slice(0, colon), value: line.slice(colon + 1).trim() });
    else if (line.length > 0) fields.push({ name: '', value: line });
  }
  return fields;
}

/** The fields' values by lower-cased name, the first of repeated fields winning (a later one may be forged). */
export function firstFieldValues(source: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const { name, value } of headerFields(source)) {
    const key = name.toLowerCase();
    if (key && !values.has(key)) values.set(key, value);
  }
  return values;
}
