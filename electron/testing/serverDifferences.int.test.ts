/**
 * Where Dovecot and Cyrus answer the same IMAP differently, pinned with a raw IMAP session so a server
 * upgrade that changes one shows up here first. Tern must work with either answer: each row names the
 * engine code or test that depends on it (see also docs/reliability.md, "Second server: Cyrus").
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RawImapSession } from './rawImapSession';
import { describeOnServers } from './describeOnServers';
import { startServerUnderTest, type ServerKind, type ServerUnderTest } from './serverUnderTest';

const USER = 'ivy@example.test';
const PASSWORD = 'differences-pw';

interface Expected {
  delimiter: string;
  /** How LIST spells Drafts' special-use attribute (imapflow's specialUse compares case-insensitively). */
  draftsFlag: string;
  /** SELECT names a HIGHESTMODSEQ although the client never enabled CONDSTORE (selectMailbox.ts ignores it then). */
  modseqWithoutCondstore: boolean;
  /** DELETE of a folder that has a subfolder (manageMailboxes.ts refuses it first). */
  deleteWithChildren: RegExp;
  /** Subscriptions after RENAME P → Q of a subscribed P with a subscribed child (manageMailboxes.ts moves them). */
  subscribedAfterRename: (d: string) => string[];
  /** A word found in a raw 8-bit (not RFC 2047) UTF-8 Subject by SEARCH CHARSET UTF-8. */
  searchesRaw8bitHeaders: boolean;
  /** The session with a mailbox selected survives another session deleting it (syncScenarios' NOT_FOUND test). */
  keepsSessionWhenSelectedDeleted: boolean;
  /** The answer to a LOGIN over the connection limit (describeConnectionError.ts must not call it a wrong password). */
  overTheLimit: RegExp;
  /**
   * COMPRESS=DEFLATE offered after login. imapflow then deflates the link, so a recording proxy sees compressed
   * bytes: wire costs measured through one are smaller, and commands cannot be counted in them.
   */
  compresses: boolean;
}

const EXPECTED: Partial<Record<ServerKind, Expected>> = {
  dovecot: {
    delimiter: '.',
    draftsFlag: '\\Drafts',
    modseqWithoutCondstore: false,
    deleteWithChildren: /^OK/, // …and the folder stays, emptied
    subscribedAfterRename: (d) => ['P', `P${d}C`],
    searchesRaw8bitHeaders: true,
    keepsSessionWhenSelectedDeleted: false,
    overTheLimit: /^NO \[LIMIT\] Maximum number of connections/,
    compresses: false,
  },
  cyrus: {
    delimiter: '/',
    draftsFlag: '\\drafts',
    modseqWithoutCondstore: true,
    deleteWithChildren: /^NO \[HASCHILDREN\]/,
    subscribedAfterRename: () => [],
    searchesRaw8bitHeaders: false,
    keepsSessionWhenSelectedDeleted: true,
    overTheLimit: /^NO Too many open connections \(3 of 3 /, // no response code; and it counts the login being refused
    compresses: true,
  },
};

await describeOnServers(['dovecot', 'cyrus'], '%s answers', ({ kind }) => {
  const expected = EXPECTED[kind]!;
  let server: ServerUnderTest;
  let imap: RawImapSession;

  beforeAll(async () => {
    server = await startServerUnderTest(kind, { user: USER, password: PASSWORD, connectionLimit: 2 });
    imap = await RawImapSession.login(server.imapPort, USER, PASSWORD);
  });

  afterAll(async () => {
    await imap?.logout();
    await server?.stop();
  });

  it('LIST with its own delimiter and special-use spelling', async () => {
    const lines = (await imap.ok('LIST "" "*"')).untagged;
    const drafts = lines.find((line) => / Drafts$/.test(line)) ?? '';
    expect(drafts).toContain(`"${expected.delimiter}"`);
    expect(drafts).toContain(expected.draftsFlag);
    expect(server.delimiter).toBe(expected.delimiter);
  });

  it('COMPRESS=DEFLATE, or not', async () => {
    const capability = (await imap.ok('CAPABILITY')).untagged.join(' ');
    expect(capability.includes('COMPRESS=DEFLATE')).toBe(expected.compresses);
  });

  it('SELECT with or without a HIGHESTMODSEQ before CONDSTORE is enabled', async () => {
    const select = await imap.ok('SELECT INBOX');
    expect(select.untagged.some((line) => line.includes('HIGHESTMODSEQ'))).toBe(expected.modseqWithoutCondstore);
  });

  it('DELETE of a folder with a subfolder', async () => {
    const d = expected.delimiter;
    await imap.ok('CREATE Parent');
    await imap.ok(`CREATE Parent${d}Child`);
    expect((await imap.command('DELETE Parent')).status).toMatch(expected.deleteWithChildren);
    expect(await server.device.folders()).toContain('Parent'); // kept either way
  });

  it('subscriptions after renaming a subscribed folder with a subscribed subfolder', async () => {
    const d = expected.delimiter;
    await imap.ok('CREATE P');
    await imap.ok(`CREATE P${d}C`);
    await imap.ok('SUBSCRIBE P');
    await imap.ok(`SUBSCRIBE P${d}C`);
    await imap.ok('RENAME P Q');
    const subscribed = (await server.device.subscribedFolders()).filter((path) => /^[PQ]\b/.test(path));
    expect(subscribed).toEqual(expected.subscribedAfterRename(d));
  });

  it('SEARCH for a word in a raw 8-bit UTF-8 Subject', async () => {
    await server.device.append('INBOX', 'From: a@example.test\r\nSubject: Résumé raw\r\nMessage-ID: <raw8@example.test>\r\n\r\nplain\r\n');
    await imap.ok('SELECT INBOX');
    const found = (await imap.ok('UID SEARCH CHARSET UTF-8 SUBJECT', Buffer.from('Résumé'))).untagged.join(' ');
    expect(/SEARCH \d/.test(found)).toBe(expected.searchesRaw8bitHeaders);
  });

  it('a session whose selected folder another session deletes', async () => {
    const other = await RawImapSession.login(server.imapPort, USER, PASSWORD);
    await other.ok('CREATE Doomed');
    await other.ok('SELECT Doomed');
    await imap.ok('DELETE Doomed');
    const survived = await other.command('NOOP').then(
      (reply) => reply.status.startsWith('OK') && !reply.untagged.some((line) => line.startsWith('* BYE')),
      () => false,
    );
    await other.logout();
    expect(survived).toBe(expected.keepsSessionWhenSelectedDeleted);
  });

  it('a LOGIN over the connection limit', async () => {
    const second = await RawImapSession.login(server.imapPort, USER, PASSWORD);
    const third = await RawImapSession.login(server.imapPort, USER, PASSWORD).then(
      async (session) => {
        await session.logout();
        return 'OK';
      },
      (error: unknown) => String(error).replace(/^Error: LOGIN failed: /, ''),
    );
    await second.logout();
    expect(third).toMatch(expected.overTheLimit);
  });
});
