/**
 * `UID FETCH <uids> (UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (…)])`, read straight from imapflow's parsed
 * response: what every list row is built from, and most of a full sync's CPU.
 *
 * imapflow's fetch() turns each response into a message object: it compiles every item's name back into text
 * and lower-cases it (the echoed `BODY[HEADER.FIELDS (FROM TO …)]` key included), hashes an id per message, and
 * adds MODSEQ and EMAILID to the command when it can. Over 100,000 messages on loopback Dovecot that cost
 * 4.5–6.2 s of CPU, against 2.5–3.3 s for the same rows read here. The command goes through exec(), the
 * funnel every imapflow command takes (and where commandLimits.ts installs its limits), with a handler that
 * picks out the four items and nothing else. A throttled server is left to fetchAll, which knows how to wait.
 */
import { parseUidSet } from '../../shared/domain/uidSet';
import type { ImapClient } from './imapClient';

export interface HeaderBlock {
  uid: number;
  flags: Set<string> | undefined;
  size: number | undefined;
  /** The raw header fields; undefined when the server sent NIL or left the item out. */
  headers: Buffer | undefined;
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

/** The items of one `* n FETCH (…)` response; undefined when it names no usable UID. */
function blockOf(untagged: Untagged): Partial<HeaderBlock> & { uid: number } | undefined {
  const items = untagged.attributes?.[1];
  if (!Array.isArray(items)) return undefined;
  const block: Partial<HeaderBlock> = {};
  for (let i = 0; i + 1 < items.length; i += 2) {
    const name = items[i];
    const value = items[i + 1];
    if (!name || Array.isArray(name) || typeof name.value !== 'string') continue;
    switch (name.value.toUpperCase()) {
      case 'UID':
        block.uid = uint(value);
        break;
      case 'FLAGS':
        if (Array.isArray(value)) block.flags = new Set(value.map(text).filter((flag): flag is string => flag !== undefined));
        break;
      case 'RFC822.SIZE':
        block.size = uint(value);
        break;
      case 'BODY':
        // The only section asked for; a quoted string instead of a literal is legal (an nstring).
        if (name.section !== undefined && value && !Array.isArray(value)) block.headers = Buffer.isBuffer(value.value) ? value.value : typeof value.value === 'string' ? Buffer.from(value.value) : undefined;
        break;
    }
  }
  return block.uid !== undefined && block.uid >= 1 ? { ...block, uid: block.uid } : undefined;
}

function atom(value: string) {
  return { type: 'ATOM', value };
}

/**
 * The asked-for messages by UID, once each: rows for UIDs not asked for are dropped as they arrive (a server may
 * send them, or flood them), and a UID answered twice keeps the items of both. `range` is a UID set without `*`.
 */
export async function fetchHeaderBlocks(client: ImapClient, range: string, fields: readonly string[]): Promise<Map<number, HeaderBlock>> {
  const asked = parseUidSet(range);
  const blocks = new Map<number, HeaderBlock>();
  const keep = (block: Partial<HeaderBlock> & { uid: number }) => {
    if (asked !== null && !asked.has(block.uid)) return;
    const earlier = blocks.get(block.uid);
    blocks.set(block.uid, {
      uid: block.uid,
      flags: block.flags ?? earlier?.flags,
      size: block.size ?? earlier?.size,
      headers: block.headers ?? earlier?.headers,
    });
  };

  const exec = (client as unknown as { exec?: Exec }).exec;
  if (typeof exec !== 'function' || !client.mailbox) return viaFetchAll(client, range, fields, keep, blocks);
  const section = [atom('HEADER.FIELDS'), fields.map((field) => atom(field.toUpperCase()))];
  const items = [atom('UID'), atom('FLAGS'), atom('RFC822.SIZE'), { type: 'ATOM', value: 'BODY.PEEK', section }];
  try {
    const response = await exec.call(client, 'UID FETCH', [{ type: 'SEQUENCE', value: range }, items], {
      untagged: {
        FETCH: async (untagged) => {
          const block = blockOf(untagged);
          if (block) keep(block);
        },
      },
    });
    // Hands the connection's parser on to the next response: imapflow waits for this on every command.
    response.next?.();
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== 'ETHROTTLE') throw error;
    blocks.clear();
    return viaFetchAll(client, range, fields, keep, blocks);
  }
  return blocks;
}

/** imapflow's own fetch: without exec(), and for a throttling server (it backs off and retries). */
async function viaFetchAll(client: ImapClient, range: string, fields: readonly string[], keep: (block: Partial<HeaderBlock> & { uid: number }) => void, blocks: Map<number, HeaderBlock>) {
  for (const message of await client.fetchAll(range, { uid: true, flags: true, size: true, headers: [...fields] }, { uid: true })) {
    if (Number.isSafeInteger(message.uid) && message.uid >= 1) keep({ uid: message.uid, flags: message.flags, size: message.size, headers: message.headers });
  }
  return blocks;
}
