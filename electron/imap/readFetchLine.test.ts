/**
 * readFetchLine against imapflow's own reading of the same bytes: each response goes through imapflow's ImapStream
 * (which splits lines from literals) and then through both readFetchLine and imapflow's parser + itemsOf(). Where
 * readFetchLine answers, the answer must be the parser's; where it does not, the line is one it must leave alone.
 */
import { describe, expect, it } from 'vitest';
import parser from 'imapflow/lib/handler/imap-parser.js';
import { ImapStream } from 'imapflow/lib/handler/imap-stream.js';
import { itemsOf } from './fetchByUid';
import { readFetchLine } from './readFetchLine';

interface StreamItem {
  payload: Buffer;
  literals: Buffer[];
  next: () => void;
}

/** The items ImapStream makes of these bytes, written in the given chunk sizes. */
async function streamItems(wire: Buffer, chunk = wire.length): Promise<StreamItem[]> {
  const stream = new ImapStream({ logger: false });
  const items: StreamItem[] = [];
  stream.on('data', (item: StreamItem) => {
    items.push(item);
    item.next();
  });
  for (let at = 0; at < wire.length; at += chunk) {
    const part = wire.subarray(at, at + chunk);
    await new Promise<void>((resolve) => stream.write(part, () => resolve()));
  }
  return items;
}

/** A literal is written `{}text§` and goes on the wire as `{n}\r\ntext`. */
function wire(text: string): Buffer {
  return Buffer.from(`${text.replace(/\{\}([^§]*?)§/g, (_all, body: string) => `{${Buffer.byteLength(body, 'latin1')}}\r\n${body}`)}\r\n`, 'latin1');
}

async function bothReadings(bytes: Buffer) {
  const [item] = await streamItems(bytes);
  const direct = readFetchLine(item!.payload, item!.literals);
  const parsed = await parser(item!.payload, { literals: item!.literals });
  return { direct, generic: itemsOf(parsed as Parameters<typeof itemsOf>[0]) };
}

// § ends a literal's text in these lines.
const READ_DIRECTLY = [
  '* 1 FETCH (UID 7 FLAGS (\\Seen \\Flagged $Forwarded Work) RFC822.SIZE 2048 BODY[HEADER.FIELDS (SUBJECT FROM)] {}Subject: hi\r\nFrom: a@b.c\r\n\r\n§)',
  '* 12 FETCH (UID 4294967295 FLAGS ())',
  '* 3 FETCH (FLAGS (\\Seen) UID 9)',
  '* 3 FETCH (UID 9 MODSEQ (18446744073709551615) FLAGS (\\Answered))',
  '* 3 FETCH (UID 9 FLAGS (\\Seen) RFC822.SIZE 0 BODY[HEADER.FIELDS (SUBJECT)] {}§)',
  '* 3 FETCH (UID 9 BODY[HEADER.FIELDS (SUBJECT)] NIL)',
  '* 3 FETCH (UID 9 BODY[] {}\u00e9\u00ff binary \r\n{5}\r\n)§)',
  '* 3 FETCH (UID 9 FLAGS (\\Recent custom-flag_1 a.b:c/d+e&f!g#h$i\'j~k^l|m`n=o?p@q,r;s))',
  '* 3 FETCH (UID 0 FLAGS (\\Seen))',
  '* 3 FETCH (RFC822.SIZE 10)',
  '* 3 FETCH (UID 1 UID 2)',
];

const LEFT_TO_IMAPFLOW = [
  '* 3 FETCH (UID 9 BODY[HEADER.FIELDS (SUBJECT)] "Subject: quoted\r\n")',
  '* 3 FETCH (UID 9 BODY[HEADER]<0> {}abc§)',
  '* 3 FETCH (UID 9 INTERNALDATE "17-Jul-1996 02:44:25 -0700")',
  '* 3 FETCH (UID 9 FLAGS (\\Seen  \\Flagged))',
  '* 3 FETCH (UID 9 FLAGS (\\Seen ))',
  '* 3 FETCH (UID 9 FLAGS (\\*))',
  '* 3 FETCH (UID 9 FLAGS (caf\u00e9))',
  '* 3 FETCH (UID 9 FLAGS (a[b]))',
  '* 3 FETCH (UID 12345678901)',
  '* 3 FETCH (UID 9a)',
  '* 3 FETCH (UID 9) ',
  '* 3 FETCH (UID 9)x',
  '* 3 FETCH (uid 9)',
  '* 3 Fetch (UID 9)',
  '* 3 FETCH (UID 9',
  '* 3 FETCH (UID  9)',
  '* 3 FETCH UID 9',
  '* 3 EXISTS',
  '* OK [UIDNEXT 4] Predicted next UID',
  'A1 OK UID FETCH completed',
  '* 3 FETCH (UID 9 MODSEQ (1 2))',
  '* 3 FETCH (UID 9 BODY[HEADER.FIELDS (X[1])] {}a§)',
  '* 3 FETCH (UID 9 X-GM-MSGID 1278455344230334865)',
];

describe('readFetchLine', () => {
  it('reads the usual FETCH shapes exactly as imapflow’s parser and itemsOf() do', async () => {
    for (const text of READ_DIRECTLY) {
      const { direct, generic } = await bothReadings(wire(text));
      expect(direct, text).toBeDefined();
      expect(direct, text).toEqual(generic);
    }
  });

  it('leaves every other line to imapflow', async () => {
    for (const text of LEFT_TO_IMAPFLOW) {
      const [item] = await streamItems(wire(text));
      expect(readFetchLine(item!.payload, item!.literals), text).toBeUndefined();
    }
  });

  it('refuses a literal whose length is not the marker’s, and a literal left over', () => {
    const line = Buffer.from('* 1 FETCH (UID 2 BODY[HEADER] {3}\r\n)');
    expect(readFetchLine(line, [Buffer.from('abc')])).toEqual({ uid: 2, headers: Buffer.from('abc') });
    expect(readFetchLine(line, [Buffer.from('ab')])).toBeUndefined();
    expect(readFetchLine(line, [])).toBeUndefined();
    expect(readFetchLine(Buffer.from('* 1 FETCH (UID 2)'), [Buffer.from('x')])).toBeUndefined();
  });

  it('gives the same rows as imapflow for a stream of generated responses cut into odd chunks', async () => {
    const lines: string[] = [];
    const flags = ['\\Seen', '\\Answered', '\\Flagged', '\\Deleted', '\\Draft', '$Forwarded', '$Junk', 'NonJunk', 'Work'];
    for (let i = 1; i <= 300; i++) {
      const own = flags.filter((_flag, index) => (i >> index) & 1);
      const header = i % 7 === 0 ? 'NIL' : `{}Subject: message ${i}\r\nMessage-ID: <${i}@example.test>\r\n\r\n§`;
      const items = [`UID ${i * 3}`, `FLAGS (${own.join(' ')})`, `RFC822.SIZE ${i * 101}`, `BODY[HEADER.FIELDS (SUBJECT MESSAGE-ID)] ${header}`];
      if (i % 5 === 0) items.push(`MODSEQ (${i * 11})`);
      if (i % 3 === 0) items.reverse();
      lines.push(`* ${i} FETCH (${items.join(' ')})`);
    }
    const bytes = Buffer.concat(lines.map(wire));
    const items = await streamItems(bytes, 37);
    expect(items).toHaveLength(300);
    for (const item of items) {
      const direct = readFetchLine(item.payload, item.literals);
      expect(direct, item.payload.toString()).toBeDefined();
      expect(direct).toEqual(itemsOf((await parser(item.payload, { literals: item.literals })) as Parameters<typeof itemsOf>[0]));
    }
  });
});
