/**
 * One shape for every IMAP server a suite runs against, so the same test bodies run on each: Dovecot (with
 * doveadm as "another device"), Dovecot with CONDSTORE/QRESYNC/MOVE/IDLE switched off, and Cyrus (with a
 * second, independent IMAP connection as "another device"). Each comes with an SMTP relay for accounts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMailbox } from '../bench/generateMailbox';
import { startPrivateDovecot, type PrivateDovecot } from '../demo/privateDovecot';
import { cyrusMissing } from '../demo/ensureCyrus';
import { startSmtpRelay } from '../smtp/lmtpRelay';
import { serverSnapshot } from './cacheMirror';
import { decodeMailboxName, encodeMailboxName } from './modifiedUtf7';
import { startPrivateCyrus } from './privateCyrus';
import { parseFetchFlags, parseListName, quote, RawImapSession } from './rawImapSession';
import { plainMessage } from './testMessages';

export type ServerKind = 'dovecot' | 'dovecot-basic' | 'cyrus';

/** What another client of the same account does to the mailbox while Tern watches. */
export interface AnotherDevice {
  append(path: string, rfc822: string): Promise<void>;
  /** `uids` is an IMAP UID set: `7`, `10:12`, `9,10`, `1:*`. */
  addFlags(path: string, uids: string, flags: string[]): Promise<void>;
  removeFlags(path: string, uids: string, flags: string[]): Promise<void>;
  expunge(path: string, uids: string): Promise<void>;
  move(path: string, uids: string, target: string): Promise<void>;
  createFolder(path: string): Promise<void>;
  renameFolder(path: string, newPath: string): Promise<void>;
  deleteFolder(path: string): Promise<void>;
  /** Every folder's full path (UTF-8), sorted. */
  folders(): Promise<string[]>;
  subscribedFolders(): Promise<string[]>;
  /** "uid:flag flag" lines, sorted by UID, \Recent left out: the shape CacheMirror.snapshot() gives. */
  snapshot(path: string): Promise<string[]>;
  /** The UID the next message will get. */
  uidNext(path: string): Promise<number>;
  /** Each message's UID, flags (\Recent left out) and the raw value of one header field ('' without it), by UID. */
  headerField(path: string, field: string): Promise<Array<{ uid: number; flags: string[]; value: string }>>;
  /** Each message's text after the header (BODY[TEXT], raw: MIME parts and transfer encodings as sent), by UID. */
  texts(path: string): Promise<string[]>;
}

export interface ServerUnderTest {
  kind: ServerKind;
  label: string;
  host: '127.0.0.1';
  imapPort: number;
  /** An SMTP relay accepting the user: it delivers over LMTP into this server (Dovecot's lmtp, Cyrus's lmtpd). */
  smtpPort: number;
  user: string;
  password: string;
  delimiter: string;
  device: AnotherDevice;
  /** Ends every IMAP session of the user, as a server restart or an admin's kick would. */
  kickSessions(): Promise<void>;
  /** Fills a new INBOX with `count` messages the fastest way this server allows (for large-mailbox tests). */
  seedInbox(count: number): Promise<void>;
  /** Stops the IMAP server, keeping its mail and port, as a crash or a restart would; up() starts it again. */
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

export interface ServerChoice {
  kind: ServerKind;
  label: string;
  /** Why this server cannot run here (the tests for it are skipped with this reason), or null. */
  unavailable: string | null;
}

const LABELS: Record<ServerKind, string> = {
  dovecot: 'Dovecot',
  'dovecot-basic': 'Dovecot without CONDSTORE/QRESYNC/MOVE/IDLE',
  cyrus: 'Cyrus',
};

/** Dovecot 2.3.19's post-login CAPABILITY; Dovecot can only replace the list, so switching off means filtering it. */
const DOVECOT_CAPABILITIES =
  'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY SPECIAL-USE'.split(' ');
/**
 * Cyrus 3.6's post-login CAPABILITY; what a test does not keep is put in its `suppress_capabilities`, which
 * cannot hide COMPRESS=DEFLATE (nor IDLE: privateCyrus switches that off with `imapidlepoll: 0`).
 */
const CYRUS_CAPABILITIES =
  'IMAP4rev1 LITERAL+ ID ENABLE ACL ANNOTATE-EXPERIMENT-1 BINARY CATENATE CHILDREN CONDSTORE CREATE-SPECIAL-USE ESEARCH ESORT LIST-EXTENDED LIST-MYRIGHTS LIST-STATUS MAILBOX-REFERRALS METADATA MOVE MULTIAPPEND NAMESPACE OBJECTID PREVIEW QRESYNC QUOTA RIGHTS=kxten SAVEDATE SEARCH=FUZZY SORT SORT=DISPLAY SPECIAL-USE STATUS=SIZE THREAD=ORDEREDSUBJECT THREAD=REFERENCES UIDPLUS UNSELECT URLAUTH URLAUTH=BINARY WITHIN DIGEST=SHA1 LIST-METADATA NO_ATOMIC_RENAME SCAN SORT=MODSEQ SORT=UID THREAD=REFS X-CREATEDMODSEQ X-REPLICATION X-SIEVE-MAILBOX XLIST XMOVE COMPRESS=DEFLATE X-QUOTA=STORAGE X-QUOTA=MESSAGE X-QUOTA=X-ANNOTATION-STORAGE X-QUOTA=X-NUM-FOLDERS IDLE APPENDLIMIT=4294967295'.split(' ');
const BASIC_OFF = ['CONDSTORE', 'QRESYNC', 'MOVE', 'IDLE'];

/**
 * The servers a suite runs against, as `[label, choice]` rows for `describe.each(rows)('against %s', ...)`.
 * Cyrus may be missing on a developer machine (its tests are then skipped with the reason); on CI the
 * package step provides it, so a missing Cyrus fails the run instead.
 */
export async function serversFor(kinds: ServerKind[]): Promise<Array<readonly [label: string, choice: ServerChoice]>> {
  const cyrusProblem = !kinds.includes('cyrus') ? null : process.getuid?.() !== 0 ? 'it has to be started as root' : await cyrusMissing();
  if (cyrusProblem !== null && process.env.CI) {
    throw new Error(`CI must run the Cyrus tests, but ${cyrusProblem}: .ci/run's ensureSystemPackages step should have provided it`);
  }
  return kinds.map((kind) => [LABELS[kind], { kind, label: LABELS[kind], unavailable: kind === 'cyrus' ? cyrusProblem : null }] as const);
}

export interface ServerUnderTestOptions {
  user: string;
  password: string;
  /** Capabilities to switch off on top of what the kind already leaves out. */
  without?: string[];
  /** Advertise only these (of what the server has): a naive server, whatever its brand. */
  only?: string[];
  /** IMAP connections the user may hold at once from one address, as a provider's limit (another device, coming
   * from another address or from doveadm, is not counted). */
  connectionLimit?: number;
}

export async function startServerUnderTest(kind: ServerKind, options: ServerUnderTestOptions): Promise<ServerUnderTest> {
  const { user, password } = options;
  const only = options.only;
  const off = [...(kind === 'dovecot-basic' ? BASIC_OFF : []), ...(options.without ?? [])];
  const kept = (all: string[]) => all.filter((capability) => !off.includes(capability) && (!only || only.includes(capability)));
  if (kind === 'cyrus') {
    const suppressed = CYRUS_CAPABILITIES.filter((capability) => !kept(CYRUS_CAPABILITIES).includes(capability));
    const cyrus = await startPrivateCyrus({
      users: [{ user, password }],
      suppressCapabilities: suppressed,
      // Cyrus counts the login being made: `maxlogins_per_host: 2` lets only one session in.
      ...(options.connectionLimit ? { maxLoginsPerHost: options.connectionLimit + 1 } : {}),
    });
    const relay = await startSmtpRelay({ lmtpHost: cyrus.host, lmtpPort: cyrus.lmtpPort, users: [{ user, password }] }).catch(async (error: unknown) => {
      await cyrus.stop();
      throw error;
    });
    return {
      kind,
      label: LABELS[kind],
      host: cyrus.host,
      imapPort: cyrus.imapPort,
      smtpPort: relay.port,
      user,
      password,
      delimiter: '/',
      device: imapDevice(cyrus.imapPort, user, password),
      kickSessions: () => cyrus.kickSessions(),
      down: () => cyrus.down(),
      up: () => cyrus.up(),
      seedInbox: async (count) => {
        // One MULTIAPPEND: Cyrus commits (and fsyncs) each APPEND, so 1,500 one by one took ~8 s, together ~1.3 s.
        const imap = await RawImapSession.login(cyrus.imapPort, user, password);
        try {
          await imap.appendAll('INBOX', Array.from({ length: count }, (_, i) => Buffer.from(plainMessage(i + 1))));
        } finally {
          await imap.logout();
        }
      },
      stop: async () => {
        await relay.close();
        await cyrus.stop();
      },
    };
  }
  // Mail outside Dovecot's own temp dir, so down() and up() keep it.
  const mailDir = await mkdtemp(join(tmpdir(), 'tern-mail-'));
  const start = (ports: { imapPort?: number; lmtpPort?: number } = {}) =>
    startPrivateDovecot({
      users: [{ user, password }],
      mailDir,
      ...ports,
      ...(off.length || only ? { capabilities: kept(DOVECOT_CAPABILITIES).join(' ') } : {}),
      ...(options.connectionLimit ? { extraConfig: `protocol imap {\n  mail_max_userip_connections = ${options.connectionLimit}\n}\n` } : {}),
    });
  let dovecot = await start().catch(async (error: unknown) => {
    await rm(mailDir, { recursive: true, force: true });
    throw error;
  });
  const relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users: [{ user, password }] }).catch(async (error: unknown) => {
    await dovecot.stop();
    await rm(mailDir, { recursive: true, force: true });
    throw error;
  });
  const { imapPort, lmtpPort } = dovecot;
  return {
    kind,
    label: LABELS[kind],
    host: dovecot.host,
    imapPort,
    smtpPort: relay.port,
    user,
    password,
    delimiter: '.',
    device: doveadmDevice(() => dovecot, user),
    kickSessions: async () => {
      await dovecot.doveadm(['kick', user]);
    },
    // Written straight into the maildir (the benchmark's generator): a doveadm save each would take ~20 s.
    seedInbox: async (count) => void (await generateMailbox(dovecot, user, count)),
    down: () => dovecot.stop(),
    up: async () => {
      dovecot = await start({ imapPort, lmtpPort });
    },
    stop: async () => {
      await relay.close();
      await dovecot.stop();
      await rm(mailDir, { recursive: true, force: true });
    },
  };
}

/** Dovecot's own admin tool: changes made behind the IMAP server's back, as another device's would be. */
function doveadmDevice(current: () => PrivateDovecot, user: string): AnotherDevice {
  const doveadm = (...args: string[]) => current().doveadm(args);
  const list = async (...extra: string[]) =>
    (await doveadm('mailbox', 'list', '-u', user, ...extra))
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .sort();
  return {
    append: (path, rfc822) => current().saveMessage(user, path, rfc822),
    addFlags: async (path, uids, flags) => void (await doveadm('flags', 'add', '-u', user, flags.join(' '), 'mailbox', path, 'uid', uids)),
    removeFlags: async (path, uids, flags) => void (await doveadm('flags', 'remove', '-u', user, flags.join(' '), 'mailbox', path, 'uid', uids)),
    expunge: async (path, uids) => void (await doveadm('expunge', '-u', user, 'mailbox', path, 'uid', uids)),
    move: async (path, uids, target) => void (await doveadm('move', '-u', user, target, 'mailbox', path, 'uid', uids)),
    createFolder: async (path) => void (await doveadm('mailbox', 'create', '-u', user, path)),
    renameFolder: async (path, newPath) => void (await doveadm('mailbox', 'rename', '-u', user, path, newPath)),
    deleteFolder: async (path) => void (await doveadm('mailbox', 'delete', '-u', user, path)),
    folders: () => list(),
    subscribedFolders: () => list('-s'),
    snapshot: (path) => serverSnapshot(current(), user, path),
    // "mailbox\tuidnext\nINBOX\t42": the value is the last column of the second line.
    uidNext: async (path) => Number((await doveadm('-f', 'tab', 'mailbox', 'status', '-u', user, 'uidnext', path)).trim().split('\n')[1]?.split('\t').pop()),
    headerField: async (path, field) => {
      const [, ...rows] = (await doveadm('-f', 'tab', 'fetch', '-u', user, `uid flags hdr.${field}`, 'mailbox', path, 'all')).trim().split('\n');
      return rows
        .filter((row) => row.trim() !== '')
        .map((row) => {
          const [uid = '', flags = '', value = ''] = row.split('\t');
          return { uid: Number(uid), flags: flags.split(' ').filter((flag) => flag && flag !== '\\Recent'), value: value.trim() };
        })
        .sort((a, b) => a.uid - b.uid);
    },
    texts: async (path) => {
      // "search" prints "<mailbox guid> <uid>" per message; "fetch body" prints "body:" and then the text.
      const found = (await doveadm('search', '-u', user, 'mailbox', path, 'all')).trim();
      const uids = found ? found.split('\n').map((line) => Number(line.trim().split(' ').at(-1))) : [];
      const texts = [];
      for (const uid of uids.sort((a, b) => a - b)) texts.push((await doveadm('fetch', '-u', user, 'body', 'mailbox', path, 'uid', String(uid))).replace(/^body:\s*/, ''));
      return texts;
    },
  };
}

/**
 * A second IMAP client, one short session per change, as a phone or webmail would make it. It connects from
 * 127.0.0.2, so a per-address connection limit meant for Tern does not lock it out.
 */
function imapDevice(port: number, user: string, password: string): AnotherDevice {
  const session = async <T>(work: (imap: RawImapSession) => Promise<T>): Promise<T> => {
    const imap = await RawImapSession.login(port, user, password, { localAddress: '127.0.0.2' });
    try {
      return await work(imap);
    } finally {
      await imap.logout();
    }
  };
  const box = (path: string) => quote(encodeMailboxName(path));
  const inBox = <T>(path: string, work: (imap: RawImapSession) => Promise<T>) =>
    session(async (imap) => {
      await imap.ok(`SELECT ${box(path)}`);
      return work(imap);
    });
  const names = (lines: string[]) =>
    lines
      .map(parseListName)
      .filter((name): name is string => name !== null)
      .map(decodeMailboxName)
      .sort();
  return {
    append: (path, rfc822) => session(async (imap) => void (await imap.ok(`APPEND ${box(path)}`, Buffer.from(rfc822)))),
    addFlags: (path, uids, flags) => inBox(path, async (imap) => void (await imap.ok(`UID STORE ${uids} +FLAGS.SILENT (${flags.join(' ')})`))),
    removeFlags: (path, uids, flags) => inBox(path, async (imap) => void (await imap.ok(`UID STORE ${uids} -FLAGS.SILENT (${flags.join(' ')})`))),
    expunge: (path, uids) =>
      inBox(path, async (imap) => {
        await imap.ok(`UID STORE ${uids} +FLAGS.SILENT (\\Deleted)`);
        await imap.ok(`UID EXPUNGE ${uids}`);
      }),
    move: (path, uids, target) => inBox(path, async (imap) => void (await imap.ok(`UID MOVE ${uids} ${box(target)}`))),
    createFolder: (path) => session(async (imap) => void (await imap.ok(`CREATE ${box(path)}`))),
    renameFolder: (path, newPath) => session(async (imap) => void (await imap.ok(`RENAME ${box(path)} ${box(newPath)}`))),
    deleteFolder: (path) => session(async (imap) => void (await imap.ok(`DELETE ${box(path)}`))),
    folders: () => session(async (imap) => names((await imap.ok('LIST "" "*"')).untagged)),
    subscribedFolders: () => session(async (imap) => names((await imap.ok('LSUB "" "*"')).untagged)),
    snapshot: (path) =>
      session(async (imap) => {
        await imap.ok(`EXAMINE ${box(path)}`);
        const rows = (await imap.ok('UID FETCH 1:* (UID FLAGS)')).untagged.map(parseFetchFlags).filter((row) => row !== null);
        return rows
          .sort((a, b) => a.uid - b.uid)
          .map(({ uid, flags }) => `${uid}:${flags.filter((flag) => flag !== '\\Recent').sort().join(' ')}`);
      }),
    uidNext: (path) =>
      session(async (imap) => {
        const status = (await imap.ok(`STATUS ${box(path)} (UIDNEXT)`)).untagged.join(' ');
        return Number(/UIDNEXT (\d+)/.exec(status)?.[1] ?? NaN);
      }),
    headerField: (path, field) =>
      session(async (imap) => {
        await imap.ok(`EXAMINE ${box(path)}`);
        const lines = (await imap.ok(`UID FETCH 1:* (UID FLAGS BODY.PEEK[HEADER.FIELDS (${field.toUpperCase()})])`)).untagged;
        return lines
          .map((line) => {
            const row = parseFetchFlags(line);
            if (!row) return null;
            // The literal comes inlined as a quoted string: "Subject: Plans\r\n\r\n".
            const block = /\] "((?:[^"\\]|\\.)*)"/.exec(line)?.[1]?.replace(/\\(.)/g, '$1') ?? '';
            const value = new RegExp(`^${field}:([^]*?)(?:\r\n(?![ \t])|$)`, 'im').exec(block)?.[1]?.replace(/\r\n[ \t]/g, ' ').trim() ?? '';
            return { uid: row.uid, flags: row.flags.filter((flag) => flag !== '\\Recent'), value };
          })
          .filter((row) => row !== null)
          .sort((a, b) => a.uid - b.uid);
      }),
    texts: (path) =>
      session(async (imap) => {
        await imap.ok(`EXAMINE ${box(path)}`);
        const lines = (await imap.ok('UID FETCH 1:* (UID FLAGS BODY.PEEK[TEXT])')).untagged;
        return lines
          .map((line) => {
            const row = parseFetchFlags(line);
            // The literal comes inlined as a quoted string, as for headerField.
            const text = /\] "((?:[^"\\]|\\.)*)"/.exec(line)?.[1]?.replace(/\\(.)/g, '$1');
            return row && text !== undefined ? { uid: row.uid, text } : null;
          })
          .filter((row) => row !== null)
          .sort((a, b) => a.uid - b.uid)
          .map((row) => row.text);
      }),
  };
}
