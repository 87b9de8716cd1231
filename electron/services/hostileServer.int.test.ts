/**
 * Tern against a hostile IMAP server (electron/testing/hostileImapServer.ts): the connection test, the folder
 * list and the engine's sync, through the real contract. Each case checks what a user would see (a TernError
 * code and sentence), that memory stayed bounded, and that no credential went out without the TLS the account
 * requires.
 */
import { readdir } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountInput, Security } from '../../shared/contract/accounts';
import { TernError } from '../../shared/contract/errors';
import { MAX_STATUS_ROUND_TRIPS } from '../imap/listMailboxes';
import { startEngineHarness, type EngineHarness } from '../testing/engineHarness';
import { startHostileImapServer, type HostileImapServer, type HostileMessage, type HostileScript } from '../testing/hostileImapServer';

const USER = 'mallory-victim';
const PASSWORD = 'Canary-Hostile-7f3a';
/** A drip or a stall must be cut after this long without real progress. */
const COMMAND_MS = 1500;

let server: HostileImapServer | null = null;
let harness: EngineHarness | null = null;

afterEach(async () => {
  await harness?.close();
  await server?.close();
  harness = null;
  server = null;
});

function message(uid: number, flags: string[] = []): HostileMessage {
  return { uid, flags, source: `Subject: message ${uid}\r\nFrom: a@example.test\r\n\r\nbody ${uid}\r\n` };
}

function inbox(count: number): HostileScript['mailboxes'] {
  return [{ wireName: 'INBOX', messages: Array.from({ length: count }, (_, i) => message(i + 1, i % 2 ? ['\\Seen'] : [])) }];
}

function input(port: number, security: Security = 'none'): AccountInput {
  return {
    displayName: 'Victim',
    email: 'victim@example.test',
    password: PASSWORD,
    imap: { host: '127.0.0.1', port, security, username: USER },
    // Nothing listens on port 9: the SMTP half of the connection test fails on its own, and is not looked at.
    smtp: { host: '127.0.0.1', port: 9, security: 'none', username: USER },
  };
}

async function start(script: HostileScript): Promise<{ server: HostileImapServer; harness: EngineHarness }> {
  server = await startHostileImapServer(script);
  harness = await startEngineHarness({ pollIntervalMs: 3_600_000, timeouts: { socketMs: 10_000, idleRenewMs: 5_000, commandMs: COMMAND_MS } });
  return { server, harness };
}

/** An account added without the connection test, as the demo adds one: the engine starts on it at once. */
async function engineAccount(h: EngineHarness, port: number, security: Security = 'none'): Promise<string> {
  return (await h.engine.addAccount(input(port, security))).id;
}

async function failure(promise: Promise<unknown>): Promise<TernError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, 'the call should have failed').toBeInstanceOf(TernError);
  return error as TernError;
}

/** The peak growth of this process's resident memory while `work` runs, in MB. */
async function peakGrowthMb<T>(work: () => Promise<T>): Promise<{ result: T; growthMb: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  try {
    const result = await work();
    return { result, growthMb: (Math.max(peak, process.memoryUsage().rss) - base) / 1e6 };
  } finally {
    clearInterval(sampler);
  }
}

/** No LOGIN, no AUTHENTICATE, and the password in no form a server could read. */
function expectNoCredentials(s: HostileImapServer) {
  const sent = s.clientBytes();
  expect(s.commands()).not.toContain('LOGIN');
  expect(s.commands()).not.toContain('AUTHENTICATE');
  expect(sent).not.toContain(PASSWORD);
  expect(sent).not.toContain(Buffer.from(PASSWORD).toString('base64'));
  expect(sent).not.toContain(Buffer.from(`\u0000${USER}\u0000${PASSWORD}`).toString('base64'));
}

const isLiteralProbe = (args: string) => args.startsWith('"" ""');

describe('the server answers with more than any server needs', () => {
  it('an endless line is cut at 8 MB, with a clear error', async () => {
    const { harness: h, server: s } = await start({
      mailboxes: inbox(1),
      on: {
        LIST: async ({ args }, connection) => {
          if (isLiteralProbe(args)) return false;
          await connection.write('* LIST () "/" "');
          await connection.flood(Buffer.alloc(64 * 1024, 0x61), 200 * 1024 * 1024);
        },
      },
    });
    const accountId = await engineAccount(h, s.port);
    const { result: error, growthMb } = await peakGrowthMb(() => failure(h.client.api.listMailboxes({ accountId })));
    expect(error.code).toBe('PROTOCOL_ERROR');
    expect(error.message).toMatch(/Line length .* exceeds/);
    expect(growthMb).toBeLessThan(150);
    // Everything the server could push before the client hung up, over every LIST (the poll's and ours).
    expect(s.bytesSent()).toBeLessThan(2 * 24 * 1024 * 1024);
  });

  it('a literal announced at 1 GiB is refused before it is read', async () => {
    const { harness: h, server: s } = await start({
      mailboxes: inbox(1),
      on: {
        LIST: async ({ args }, connection) => {
          if (isLiteralProbe(args)) return false;
          await connection.write('* LIST () "/" {1073741824}\r\n');
          await connection.flood(Buffer.alloc(64 * 1024, 0x62), 1024 * 1024 * 1024);
        },
      },
    });
    const accountId = await engineAccount(h, s.port);
    const error = await failure(h.client.api.listMailboxes({ accountId }));
    expect(error.code).toBe('PROTOCOL_ERROR');
    expect(error.message).toMatch(/Literal size 1073741824 exceeds/);
    expect(s.bytesSent()).toBeLessThan(2 * 16 * 1024 * 1024);
  });

  it('header fetches that never end are cut at the per-command budget, and the cache keeps what it had', async () => {
    let flood = false;
    const messages = [message(1), message(2), message(3)];
    const { harness: h, server: s } = await start({
      mailboxes: [{ wireName: 'INBOX', messages }],
      on: {
        'UID FETCH': async ({ tag, args }, connection) => {
          if (!flood) return false;
          // Each row is legal on its own (a 6 MB subject), and there is no end to them.
          const subject = Buffer.alloc(6 * 1024 * 1024, 0x63);
          for (let uid = 1; !connection.closed && uid < 1000; uid++) {
            await connection.write(`* ${uid} FETCH (UID ${uid} FLAGS () ENVELOPE (NIL {${subject.length}}\r\n`);
            await connection.write(subject);
            await connection.write(' NIL NIL NIL NIL NIL NIL NIL NIL))\r\n');
          }
          await connection.line(`${tag} OK ${args.length}`);
        },
      },
    });
    const accountId = await engineAccount(h, s.port);
    await h.sync(accountId, 'INBOX');
    const before = h.mirror.snapshot(accountId, 'INBOX');
    expect(before).toHaveLength(3);
    // New mail arrives, and fetching its headers floods.
    flood = true;
    messages.push(message(4));
    const { result: error, growthMb } = await peakGrowthMb(() => failure(h.sync(accountId, 'INBOX')));
    expect(error.code).toBe('PROTOCOL_ERROR');
    expect(error.message).toMatch(/more than 32 MB in answer to one UID FETCH/);
    expect(growthMb).toBeLessThan(400);
    expect(h.mirror.snapshot(accountId, 'INBOX')).toEqual(before);
  });

  it('50,000 folders with LIST-STATUS: one round trip, bounded time and memory', async () => {
    const mailboxes = [...(inbox(1) ?? []), ...Array.from({ length: 50_000 }, (_, i) => ({ wireName: `Folder ${i}` }))];
    const { harness: h, server: s } = await start({ mailboxes, capabilities: ['IMAP4rev1', 'AUTH=PLAIN', 'LIST-STATUS', 'SPECIAL-USE'] });
    const accountId = await engineAccount(h, s.port);
    const started = Date.now();
    const { result: listed, growthMb } = await peakGrowthMb(() => h.client.api.listMailboxes({ accountId }));
    expect(listed).toHaveLength(50_001);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(growthMb).toBeLessThan(400);
    expect(s.commands().filter((name) => name === 'STATUS')).toHaveLength(0);
  });

  it('50,000 folders without LIST-STATUS: at most 200 STATUS round trips per listing', async () => {
    const mailboxes = [...(inbox(1) ?? []), ...Array.from({ length: 50_000 }, (_, i) => ({ wireName: `Folder ${i}` }))];
    const { harness: h, server: s } = await start({ mailboxes });
    const accountId = await engineAccount(h, s.port);
    const listed = await h.client.api.listMailboxes({ accountId });
    expect(listed).toHaveLength(50_001);
    expect(listed.find((mailbox) => mailbox.path === 'INBOX')?.messages).toBe(1);
    // Two listings ran: the status poll's first round and ours.
    expect(s.commands().filter((name) => name === 'STATUS').length).toBeLessThanOrEqual(2 * MAX_STATUS_ROUND_TRIPS);
  });
});


describe('message bodies the server says, or sends, are huge', () => {
  it('a 200 MB message is refused by its size before a byte of it is fetched', async () => {
    const { harness: h, server: s } = await start({
      mailboxes: inbox(1),
      on: {
        'UID FETCH': ({ tag, args }, connection) => {
          if (!/RFC822\.SIZE/.test(args) || /ENVELOPE/.test(args)) return false;
          void connection.write(`* 1 FETCH (UID 1 RFC822.SIZE ${200 * 1024 * 1024})\r\n${tag} OK done\r\n`);
          return undefined;
        },
      },
    });
    const accountId = await engineAccount(h, s.port);
    const error = await failure(h.client.api.fetchMessage({ accountId, path: 'INBOX', uid: 1, uidValidity: '7' }));
    expect(error.code).toBe('MESSAGE_TOO_LARGE');
    expect(error.message).toMatch(/200 MB, more than Tern opens \(64 MB\)/);
    expect(s.clientBytes()).not.toMatch(/BODY\.PEEK\[\]/);
  });

  it('a server that lies about the size and sends a 1 GiB body is cut at the literal limit', async () => {
    const { harness: h, server: s } = await start({
      mailboxes: inbox(1),
      on: {
        'UID FETCH': async ({ tag, args }, connection) => {
          if (!/BODY\.PEEK\[\]/.test(args)) return false;
          await connection.write('* 1 FETCH (UID 1 BODY[] {1073741824}\r\n');
          await connection.flood(Buffer.alloc(64 * 1024, 0x64), 1024 * 1024 * 1024);
          await connection.line(`) ${tag}`);
        },
      },
    });
    const accountId = await engineAccount(h, s.port);
    const { result: error, growthMb } = await peakGrowthMb(() => failure(h.client.api.fetchMessage({ accountId, path: 'INBOX', uid: 1, uidValidity: '7' })));
    expect(error.code).toBe('PROTOCOL_ERROR');
    expect(error.message).toMatch(/Literal size 1073741824 exceeds/);
    expect(growthMb).toBeLessThan(100);
  });
});

describe('a server that answers too slowly', () => {
  it('a LIST dripped one byte a second fails after the command window, with a clear error', async () => {
    const { harness: h, server: s } = await start({
      mailboxes: inbox(1),
      on: {
        LIST: async ({ args }, connection) => {
          if (isLiteralProbe(args)) return false;
          // Every byte restarts imapflow's socket timeout: only a deadline per command ends this.
          await connection.drip('* LIST () "/" "INBOX"\r\n'.repeat(50), 1000);
        },
      },
    });
    const accountId = await engineAccount(h, s.port);
    const started = Date.now();
    const error = await failure(h.client.api.listMailboxes({ accountId }));
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/did not finish a LIST command within 1.5 s/);
    // Ours may queue behind the poll's LIST on the same connection; each gets one window.
    expect(Date.now() - started).toBeLessThan(3 * COMMAND_MS + 1000);
  });

  it('a greeting dripped one byte a second fails the connection test in time', async () => {
    const { harness: h, server: s } = await start({ greeting: (connection) => connection.drip('* OK hostile but slow\r\n', 1000) });
    const started = Date.now();
    const check = await h.client.api.testAccount(input(s.port));
    expect(check.imap).toMatchObject({ ok: false, code: 'TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(COMMAND_MS + 2000);
    expectNoCredentials(s);
  });

  it('a sync whose FETCH stalls is cut at the deadline and resumed on a new connection, in step', async () => {
    let stalls = 1;
    const { harness: h, server: s } = await start({
      mailboxes: inbox(5),
      on: {
        'UID FETCH': (_command, connection) => {
          if (stalls === 0) return false;
          stalls--;
          void connection.write('* 1 FETCH (UID 1 FLAGS (');
          return undefined;
        },
      },
    });
    const accountId = await engineAccount(h, s.port);
    const started = Date.now();
    const { deltas } = await h.sync(accountId, 'INBOX');
    expect(Date.now() - started).toBeLessThan(COMMAND_MS + 3000);
    expect(h.mirror.snapshot(accountId, 'INBOX')).toEqual(['1:', '2:\\Seen', '3:', '4:\\Seen', '5:']);
    expect(deltas.filter((delta) => delta.reset)).toHaveLength(1);
    expect(h.logLines.some((line) => /sync interrupted, resuming .*did not finish a UID FETCH command/.test(line))).toBe(true);
  });
});

describe('malformed answers', () => {
  const cases: { name: string; command: string; answer: (tag: string) => string }[] = [
    { name: 'nesting 300 lists deep', command: 'LIST', answer: (tag) => `* LIST ${'('.repeat(300)}${')'.repeat(300)} "/" "x"\r\n${tag} OK done\r\n` },
    { name: 'an unterminated quoted string', command: 'LIST', answer: (tag) => `* LIST () "/" "unterminated\r\n${tag} OK done\r\n` },
    { name: 'binary garbage', command: 'LIST', answer: (tag) => `\u0000\u00ff\u0001garbage\u0000 (((\r\n${tag} OK done\r\n` },
    { name: 'a BYE in the middle of a command', command: 'LIST', answer: () => '* BYE going away\r\n' },
    { name: 'a tagged answer for a tag never sent, and nothing else', command: 'LIST', answer: () => 'ZZZ9 OK not yours\r\n' },
    { name: 'an untagged line that is not IMAP at all', command: 'UID SEARCH', answer: (tag) => `HTTP/1.1 400 Bad Request\r\n${tag} OK done\r\n` },
  ];
  for (const { name, command, answer } of cases) {
    it(`${name}: a TernError, and the engine goes on`, async () => {
      let hostile = true;
      const { harness: h, server: s } = await start({
        mailboxes: inbox(2),
        on: {
          [command]: async ({ tag, args }, connection) => {
            if (!hostile || isLiteralProbe(args)) return false;
            await connection.write(answer(tag));
          },
        },
      });
      const accountId = await engineAccount(h, s.port);
      const attempt = command === 'LIST' ? h.client.api.listMailboxes({ accountId }) : h.sync(accountId, 'INBOX');
      const outcome = await attempt.then(
        () => null,
        (error: unknown) => error,
      );
      // Some of these parse into something harmless; what must never happen is a crash or an INTERNAL error.
      if (outcome !== null) {
        expect(outcome).toBeInstanceOf(TernError);
        expect(['PROTOCOL_ERROR', 'TIMEOUT', 'HOST_UNREACHABLE', 'DISCONNECTED']).toContain((outcome as TernError).code);
      }
      hostile = false;
      await h.sync(accountId, 'INBOX');
      expect(h.mirror.snapshot(accountId, 'INBOX')).toEqual(['1:', '2:\\Seen']);
    });
  }

  it('a refused UID SEARCH fails the sync instead of emptying the cached folder', async () => {
    let refuse = false;
    const { harness: h, server: s } = await start({
      mailboxes: inbox(3),
      on: { 'UID SEARCH': ({ tag }, connection) => (refuse ? void connection.line(`${tag} NO [UNAVAILABLE] try later`) : false) },
    });
    const accountId = await engineAccount(h, s.port);
    await h.sync(accountId, 'INBOX');
    expect(h.mirror.snapshot(accountId, 'INBOX')).toHaveLength(3);
    refuse = true;
    const error = await failure(h.sync(accountId, 'INBOX'));
    expect(error.code).toBe('PROTOCOL_ERROR');
    expect(h.mirror.snapshot(accountId, 'INBOX')).toHaveLength(3);
  });

  it('UIDs the client never asked for, repeated rows and impossible UIDs are dropped', async () => {
    const { harness: h, server: s } = await start({
      mailboxes: inbox(2),
      on: {
        'UID SEARCH': ({ tag }, connection) => void connection.write(`* SEARCH 1 2 2 0 99999999999\r\n${tag} OK done\r\n`),
        'UID FETCH': async ({ tag }, connection) => {
          const row = (seq: number, uid: number) => `* ${seq} FETCH (UID ${uid} FLAGS () RFC822.SIZE 10 ENVELOPE (NIL "s${uid}" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n`;
          await connection.write(row(1, 1) + row(2, 2) + row(2, 2) + row(3, 77) + row(4, 0));
          await connection.line(`${tag} OK done`);
        },
      },
    });
    const accountId = await engineAccount(h, s.port);
    const { deltas } = await h.sync(accountId, 'INBOX');
    const upserted = deltas.flatMap((delta) => delta.upserts.map((header) => header.uid));
    expect(upserted.sort((a, b) => a - b)).toEqual([1, 2]);
  });
  it('a throttled header fetch (Office 365’s “Request is throttled”) is tried again after the delay it names', async () => {
    let throttled = 0;
    const { harness: h, server: s } = await start({
      mailboxes: inbox(3),
      on: {
        'UID FETCH': ({ tag, args }, connection) => {
          if (throttled > 0 || !/HEADER\.FIELDS/i.test(args)) return false;
          throttled++;
          void connection.line(`${tag} BAD Request is throttled. Suggested Backoff Time: 300 milliseconds`);
        },
      },
    });
    const accountId = await engineAccount(h, s.port);
    const { deltas } = await h.sync(accountId, 'INBOX');
    expect(throttled).toBe(1);
    expect(deltas.flatMap((delta) => delta.upserts.map((header) => [header.uid, header.subject]))).toEqual([[3, 'message 3'], [2, 'message 2'], [1, 'message 1']]);
  });
});

describe('folder names chosen by the server', () => {
  it('NUL, ../, broken modified UTF-7, bidi tricks, a 10 KB name and a duplicate: labels, never paths', async () => {
    const mailboxes = [
      ...(inbox(1) ?? []),
      { wireName: 'a&AAA-b', messages: [message(1)] },
      { wireName: '../../etc', messages: [message(1), message(2)] },
      { wireName: '&Jjo' },
      { wireName: 'Caf&AOk-' },
      { wireName: 'invoice&IC4-fdp.exe' },
      { wireName: 'x'.repeat(10_000) },
      { wireName: 'Twice' },
      { wireName: 'Twice' },
    ];
    const { harness: h, server: s } = await start({ mailboxes, capabilities: ['IMAP4rev1', 'AUTH=PLAIN', 'LIST-STATUS'] });
    const accountId = await engineAccount(h, s.port);
    const listed = await h.client.api.listMailboxes({ accountId });
    const byPath = new Map(listed.map((mailbox) => [mailbox.path, mailbox]));
    expect(byPath.get('a\u0000b')?.name).toBe('a\ufffdb');
    // With '/' as the delimiter this is a folder "etc" under ".." under "..": names, nothing more.
    expect(byPath.get('../../etc')?.name).toBe('etc');
    expect(byPath.get('Café')?.name).toBe('Café');
    expect(byPath.get('invoice\u202efdp.exe')?.name).toBe('invoicefdp.exe');
    expect(listed.filter((mailbox) => mailbox.path === 'Twice')).toHaveLength(1);
    expect(listed.some((mailbox) => mailbox.path.length > 1024)).toBe(false);
    expect(listed.every((mailbox) => [...mailbox.name].every((char) => char.charCodeAt(0) >= 0x20))).toBe(true);

    // The odd ones open under their exact names, and the engine writes nothing of its own for them.
    await h.sync(accountId, '../../etc');
    expect(h.mirror.snapshot(accountId, '../../etc')).toEqual(['1:', '2:']);
    await h.sync(accountId, 'a\u0000b');
    expect(h.mirror.snapshot(accountId, 'a\u0000b')).toEqual(['1:']);
    expect(s.clientBytes()).toContain('EXAMINE ../../etc');
    expect(s.clientBytes()).toContain('EXAMINE "a&AAA-b"');
    expect((await readdir(h.dataDir)).sort()).toEqual(['accounts.json', 'secrets.json']);
  });
});

describe('credentials and TLS', () => {
  it('a server that hides STARTTLS gets no credentials, and the user is told why', async () => {
    const { harness: h, server: s } = await start({ capabilities: ['IMAP4rev1', 'AUTH=PLAIN', 'LOGINDISABLED'] });
    const check = await h.client.api.testAccount(input(s.port, 'starttls'));
    expect(check.imap).toMatchObject({ ok: false, code: 'STARTTLS_UNAVAILABLE' });
    expect(check.imap.ok === false && check.imap.message).toMatch(/did not send your password/);
    expectNoCredentials(s);
  });

  it('a PREAUTH greeting on a STARTTLS account is refused before anything is sent', async () => {
    const { harness: h, server: s } = await start({ greeting: '* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] already in', capabilities: ['IMAP4rev1', 'STARTTLS', 'AUTH=PLAIN'] });
    const check = await h.client.api.testAccount(input(s.port, 'starttls'));
    expect(check.imap.ok).toBe(false);
    expect(check.imap.ok === false && ['STARTTLS_UNAVAILABLE', 'TLS_FAILED']).toContain(check.imap.ok === false && check.imap.code);
    expectNoCredentials(s);
  });

  it('STARTTLS accepted, then plaintext instead of a TLS handshake: TLS_FAILED, no credentials', async () => {
    const { harness: h, server: s } = await start({
      capabilities: ['IMAP4rev1', 'STARTTLS', 'AUTH=PLAIN'],
      // The classic injection: an answer that also carries a forged capability list, then no TLS at all.
      on: { STARTTLS: ({ tag }, connection) => void connection.write(`${tag} OK begin TLS now\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n`) },
    });
    const check = await h.client.api.testAccount(input(s.port, 'starttls'));
    expect(check.imap).toMatchObject({ ok: false, code: 'TLS_FAILED' });
    expectNoCredentials(s);
  });

  it('a TLS account against a plaintext server: TLS_FAILED, and not one IMAP command', async () => {
    const { harness: h, server: s } = await start({});
    const check = await h.client.api.testAccount(input(s.port, 'tls'));
    expect(check.imap).toMatchObject({ ok: false, code: 'TLS_FAILED' });
    expect(s.commands()).toEqual([]);
    expectNoCredentials(s);
  });

  it('the engine, reconnecting again and again to a server without STARTTLS, never sends the password', async () => {
    const { harness: h, server: s } = await start({ capabilities: ['IMAP4rev1', 'AUTH=PLAIN'] });
    const accountId = await engineAccount(h, s.port, 'starttls');
    await h.waitForEvent('accountStatusChanged', (status) => status.accountId === accountId && status.error?.code === 'STARTTLS_UNAVAILABLE', 10_000);
    await failure(h.client.api.listMailboxes({ accountId }));
    await failure(h.sync(accountId, 'INBOX'));
    expect(s.connections()).toBeGreaterThanOrEqual(3);
    expectNoCredentials(s);
  });
});
