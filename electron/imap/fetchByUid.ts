/**
 * `UID FETCH <uids> (UID FLAGS [RFC822.SIZE] [BODY.PEEK[HEADER.FIELDS (…)]])`, read straight from imapflow's
 * parsed response: the list rows of a sync (most of its CPU) and the FLAGS of a server without CONDSTORE.
 *
 * imapflow's fetch() turns each response into a message object: it compiles every item's name back into text
 * and lower-cases it (the echoed `BODY[HEADER.FIELDS (FROM TO …)]` key included), hashes an id per message, and
 * adds MODSEQ and EMAILID to the command when it can. Over 100,000 messages on loopback Dovecot that cost
 * 4.5–6.2 s of CPU for the list rows, against 2.5–3.3 s read here; FLAGS alone, in 5000-message ranges,
 * 3.2–3.8 s through fetchAll against 1.3–1.8 s here. The command goes through exec(), the funnel every
 * imapflow command takes (and where commandLimits.ts installs its limits), with a handler that picks out the
 * asked items and nothing else. A throttled server is left to fetchAll, which knows how to wait.
 *
 * The lines of such a command mostly skip imapflow's tokenizer too (readFetchLine.ts): another third of the
 * engine's CPU in a full sync.
 */
import { parseUidSet } from '../../shared/domain/uidSet';
import type { ImapClient } from './imapClient';
import { readFetchLine, type FetchedRow } from './readFetchLine';

/** What one message's response brought; an item not asked for (or left out by the server) is undefined. */
export interface FetchedItems {
  uid: number;
  flags: Set<string> | undefined;
  size: number | undefined;
  /** The raw header fields; undefined when the server sent NIL or left the item out. */
  headers: Buffer | undefined;
}

/** Beside UID and FLAGS, which are always asked for. */
export interface ItemsWanted {
  size?: boolean;
  /** BODY.PEEK[HEADER.FIELDS (…)] with these fields. */
  headerFields?: readonly string[];
}

/** A node of imapflow's parsed response: an atom, string or literal, or a parenthesized list. */
type Node = { type?: string; value?: unknown; section?: unknown } | Node[];
interface Untagged {
  attributes?: Node[];
}
type Exec = (command: string, attributes: unknown, options: { untagged: Record<string, (untagged: Untagged) => Promise<void>> }) => Promise<{ next?: () => void }>;

const UINT = /^\d{1,10}$/;

function text(node: Node | undefined): string | undefined {
  if (!node || Array.isArray(node)) return undefined;
  if (typeof node.value === 'string') return node.value;
  return Buffer.isBuffer(node.value) ? node.value.toString() : undefined;
}

function uint(node: Node | undefined): number | undefined {
  const value = text(node);
  return value !== undefined && UINT.test(value) ? Number(value) : undefined;
}

/** The items of one `* n FETCH (…)` response as imapflow's tokenizer parsed it. */
export function itemsOf(untagged: Untagged): FetchedRow {
  const row: FetchedRow = {};
  const items = untagged.attributes?.[1];
  if (!Array.isArray(items)) return row;
  for (let i = 0; i + 1 < items.length; i += 2) {
    const name = items[i];
    const value = items[i + 1];
    if (!name || Array.isArray(name) || typeof name.value !== 'string') continue;
    switch (name.value.toUpperCase()) {
      case 'UID':
        row.uid = uint(value);
        break;
      case 'FLAGS':
        if (Array.isArray(value)) row.flags = new Set(value.map(text).filter((flag): flag is string => flag !== undefined));
        break;
      case 'RFC822.SIZE':
        row.size = uint(value);
        break;
      case 'BODY':
        // The only section asked for; a quoted string instead of a literal is legal (an nstring).
        if (name.section !== undefined && value && !Array.isArray(value)) row.headers = Buffer.isBuffer(value.value) ? value.value : typeof value.value === 'string' ? Buffer.from(value.value) : undefined;
        break;
    }
  }
  return row;
}

function hasUid(row: FetchedRow): row is FetchedRow & { uid: number } {
  return row.uid !== undefined && row.uid >= 1;
}

function atom(value: string) {
  return { type: 'ATOM', value };
}

/**
 * The asked-for messages by UID, once each: rows for UIDs not asked for are dropped as they arrive (a server may
 * send them, or flood them), and a UID answered twice keeps the items of both. `range` is a UID set without `*`.
 */
export async function fetchByUid(client: ImapClient, range: string, wanted: ItemsWanted): Promise<Map<number, FetchedItems>> {
  const asked = parseUidSet(range);
  const rows = new Map<number, FetchedItems>();
  const keep = (row: FetchedRow) => {
    if (!hasUid(row)) return;
    if (asked !== null && !asked.has(row.uid)) return;
    const earlier = rows.get(row.uid);
    rows.set(row.uid, {
      uid: row.uid,
      flags: row.flags ?? earlier?.flags,
      size: row.size ?? earlier?.size,
      headers: row.headers ?? earlier?.headers,
    });
  };

  const exec = (client as unknown as { exec?: Exec }).exec;
  if (typeof exec !== 'function' || !client.mailbox) return viaFetchAll(client, range, wanted, keep, rows);
  const items: unknown[] = [atom('UID'), atom('FLAGS')];
  if (wanted.size) items.push(atom('RFC822.SIZE'));
  if (wanted.headerFields) items.push({ type: 'ATOM', value: 'BODY.PEEK', section: [atom('HEADER.FIELDS'), wanted.headerFields.map((field) => atom(field.toUpperCase()))] });
  try {
    const onFetch = async (untagged: Untagged) => keep(itemsOf(untagged));
    readsLinesDirectly(client, onFetch, keep);
    const response = await exec.call(client, 'UID FETCH', [{ type: 'SEQUENCE', value: range }, items], { untagged: { FETCH: onFetch } });
    // Hands the connection's parser on to the next response: imapflow waits for this on every command.
    response.next?.();
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== 'ETHROTTLE') throw error;
    rows.clear();
    return viaFetchAll(client, range, wanted, keep, rows);
  }
  return rows;
}

/** imapflow's own fetch: without exec(), and for a throttling server (it backs off and retries). */
async function viaFetchAll(client: ImapClient, range: string, wanted: ItemsWanted, keep: (row: FetchedRow) => void, rows: Map<number, FetchedItems>) {
  const query = { uid: true, flags: true, ...(wanted.size ? { size: true } : {}), ...(wanted.headerFields ? { headers: [...wanted.headerFields] } : {}) };
  for (const message of await client.fetchAll(range, query, { uid: true })) {
    if (Number.isSafeInteger(message.uid)) keep({ uid: message.uid, flags: message.flags, size: message.size, headers: message.headers });
  }
  return rows;
}

/** A readable item of imapflow's ImapStream: one response's bytes and its literals. */
interface StreamItem {
  payload?: unknown;
  literals?: unknown;
}
interface ResponseReader {
  handleResponse?: (data: StreamItem) => Promise<boolean> | boolean;
  currentRequest?: { options?: { untagged?: { FETCH?: unknown } } } | null;
}

/** Each FETCH handler of a running fetchByUid, with where readFetchLine's rows go instead. */
const directSinks = new WeakMap<object, (row: FetchedRow) => void>();
const readingDirectly = new WeakSet<object>();

/**
 * Lets this connection's FETCH lines skip imapflow's tokenizer while one of fetchByUid's commands is the one in
 * flight: handleResponse() is where imapflow parses each response before looking up its handler, and for a FETCH
 * line the handler is all that happens to it (no section code, no tagged completion). Lines readFetchLine does
 * not understand, and every other response, take imapflow's way.
 */
function readsLinesDirectly(client: ImapClient, handler: object, sink: (row: FetchedRow) => void) {
  directSinks.set(handler, sink);
  const reader = client as unknown as ResponseReader;
  const original = reader.handleResponse;
  if (readingDirectly.has(client) || typeof original !== 'function') return;
  readingDirectly.add(client);
  reader.handleResponse = function (this: ResponseReader, data: StreamItem) {
    const handlerNow = this.currentRequest?.options?.untagged?.FETCH;
    const direct = typeof handlerNow === 'function' ? directSinks.get(handlerNow) : undefined;
    if (direct && Buffer.isBuffer(data.payload) && Array.isArray(data.literals)) {
      const row = readFetchLine(data.payload, data.literals as Buffer[]);
      if (row) {
        direct(row);
        return true;
      }
    }
    return original.call(this, data);
  };
}
