import { existsSync } from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateDovecot, type PrivateDovecot } from './privateDovecot';
import { sampleMailbox, seedSampleMailbox } from './sampleMailbox';

const ALICE = { user: 'alice@example.test', password: 'wonderland' };
const BOB = { user: 'bob@example.test', password: 'builder' };
const FIXED_NOW = new Date('2026-03-10T12:00:00Z');

/** A line-based IMAP conversation over a plain socket: enough for greeting, LOGIN and CAPABILITY. */
class RawImap {
  private buffer = '';
  private waiting: (() => void) | null = null;
  private tag = 0;
  private closed = false;

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.waiting?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiting?.();
    });
  }

  static async connect(port: number): Promise<{ imap: RawImap; greeting: string }> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const imap = new RawImap(socket);
    return { imap, greeting: await imap.readLine() };
  }

  async command(text: string): Promise<{ status: string; untagged: string[] }> {
    const tag = `t${++this.tag}`;
    this.socket.write(`${tag} ${text}\r\n`);
    const untagged: string[] = [];
    for (;;) {
      const line = await this.readLine();
      if (line.startsWith(`${tag} `)) return { status: line.slice(tag.length + 1), untagged };
      untagged.push(line);
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private async readLine(): Promise<string> {
    for (;;) {
      const end = this.buffer.indexOf('\r\n');
      if (end >= 0) {
        const line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        return line;
      }
      if (this.closed) throw new Error(`connection closed; unread: ${this.buffer}`);
      await new Promise<void>((resolve) => (this.waiting = resolve));
      this.waiting = null;
    }
  }
}

async function loginCapabilities(port: number, user: string, password: string): Promise<string[]> {
  const { imap } = await RawImap.connect(port);
  try {
    const login = await imap.command(`LOGIN "${user}" "${password}"`);
    expect(login.status).toMatch(/^OK/);
    const capability = await imap.command('CAPABILITY');
    const line = capability.untagged.find((l) => l.startsWith('* CAPABILITY ')) ?? '';
    return line.slice('* CAPABILITY '.length).split(' ');
  } finally {
    imap.close();
  }
}

function parseTab(output: string): Array<Record<string, string>> {
  const [head, ...rows] = output.trimEnd().split('\n');
  const columns = (head ?? '').split('\t');
  return rows.map((row) => Object.fromEntries(row.split('\t').map((value, i) => [columns[i] ?? `${i}`, value])));
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('a private Dovecot', () => {
  let dovecot: PrivateDovecot;

  beforeAll(async () => {
    const started = performance.now();
    dovecot = await startPrivateDovecot({ users: [ALICE, BOB] });
    console.info(`private Dovecot started in ${Math.round(performance.now() - started)} ms`);
  });

  afterAll(async () => {
    await dovecot?.stop();
  });

  it('listens on loopback and greets with * OK', async () => {
    expect(dovecot.host).toBe('127.0.0.1');
    expect(dovecot.imapPort).not.toBe(dovecot.lmtpPort);
    const { imap, greeting } = await RawImap.connect(dovecot.imapPort);
    imap.close();
    expect(greeting).toMatch(/^\* OK /);
  });

  it('logs a known user in and lists the special-use folders', async () => {
    const { imap } = await RawImap.connect(dovecot.imapPort);
    try {
      expect((await imap.command(`LOGIN "${ALICE.user}" "${ALICE.password}"`)).status).toMatch(/^OK/);
      const list = await imap.command('LIST "" "*"');
      expect(list.status).toMatch(/^OK/);
      for (const [name, flag] of [['Drafts', '\\Drafts'], ['Sent', '\\Sent'], ['Trash', '\\Trash'], ['Junk', '\\Junk'], ['Archive', '\\Archive']]) {
        expect(list.untagged.some((line) => line.includes(flag!) && line.endsWith(` ${name}`))).toBe(true);
      }
      const lsub = await imap.command('LSUB "" "*"');
      expect(lsub.untagged.filter((line) => line.startsWith('* LSUB'))).toHaveLength(5);
    } finally {
      imap.close();
    }
  });

  it('refuses a wrong password and an unknown user with NO', async () => {
    const { imap } = await RawImap.connect(dovecot.imapPort);
    try {
      expect((await imap.command(`LOGIN "${ALICE.user}" "not-the-password"`)).status).toMatch(/^NO /);
      expect((await imap.command('LOGIN "mallory@example.test" "wonderland"')).status).toMatch(/^NO /);
    } finally {
      imap.close();
    }
  });

  it('advertises the modern extensions by default', async () => {
    const capabilities = await loginCapabilities(dovecot.imapPort, BOB.user, BOB.password);
    expect(capabilities).toEqual(expect.arrayContaining(['IDLE', 'CONDSTORE', 'QRESYNC', 'UIDPLUS', 'MOVE', 'SPECIAL-USE']));
  });

  it('holds the seeded sample mailbox, UIDs rising with date, flags as specified', async () => {
    const seeded = await seedSampleMailbox(dovecot, ALICE.user, FIXED_NOW);
    const expected = sampleMailbox(FIXED_NOW).filter((m) => m.mailbox === 'INBOX');
    expect(expected.length).toBeGreaterThanOrEqual(35);

    const rows = parseTab(await dovecot.doveadm(['-f', 'tab', 'fetch', '-u', ALICE.user, 'uid flags', 'mailbox', 'INBOX', 'all']));
    expect(rows).toHaveLength(expected.length);
    rows.forEach((row, i) => {
      expect(Number(row.uid)).toBe(i + 1);
      const flags = (row.flags ?? '').split(' ').filter((flag) => flag && flag !== '\\Recent');
      expect(flags.sort()).toEqual([...expected[i]!.flags].sort());
    });
    expect(expected.some((m) => m.flags.includes('\\Flagged'))).toBe(true);
    expect(expected.some((m) => m.flags.length === 0)).toBe(true);

    // INTERNALDATE was backdated to each message's Date header.
    const dates = parseTab(await dovecot.doveadm(['-f', 'tab', 'fetch', '-u', ALICE.user, 'uid date.received', 'mailbox', 'INBOX', 'uid', '1,40']));
    // doveadm prints local time without a zone; a zone-less ISO date-time parses as local time too.
    const asLocal = (text: string | undefined) => new Date((text ?? '').replace(' ', 'T')).getTime();
    expect(asLocal(dates[0]?.['date.received'])).toBe(expected[0]!.date.getTime());
    expect(asLocal(dates[1]?.['date.received'])).toBe(expected[39]!.date.getTime());

    const sent = seeded.filter((m) => m.mailbox === 'Sent');
    const status = parseTab(await dovecot.doveadm(['-f', 'tab', 'mailbox', 'status', '-u', ALICE.user, 'messages', 'Sent']));
    expect(Number(status[0]?.messages)).toBe(sent.length);
    expect(sent.length).toBeGreaterThan(0);
  });

  it('saves a message for another user without touching alice', async () => {
    await dovecot.saveMessage(BOB.user, 'INBOX', 'From: a@example.test\r\nSubject: only for bob\r\n\r\nhi\r\n');
    const found = await dovecot.doveadm(['search', '-u', BOB.user, 'mailbox', 'INBOX', 'subject', 'only for bob']);
    expect(found.trim().split('\n')).toHaveLength(1);
    const forAlice = await dovecot.doveadm(['search', '-u', ALICE.user, 'mailbox', 'INBOX', 'subject', 'only for bob']);
    expect(forAlice.trim()).toBe('');
  });

  it('reports a failing doveadm command with its stderr', async () => {
    await expect(dovecot.doveadm(['mailbox', 'status', '-u', ALICE.user, 'messages', 'NoSuchFolder'])).rejects.toThrow(
      /doveadm mailbox status .* failed \(exit \d+\): .*NoSuchFolder/,
    );
  });
});

describe('a private Dovecot with a capability override', () => {
  let dovecot: PrivateDovecot;

  beforeAll(async () => {
    dovecot = await startPrivateDovecot({ capabilities: 'IMAP4rev1 LITERAL+ IDLE UIDPLUS NAMESPACE' });
  });

  afterAll(async () => {
    await dovecot?.stop();
  });

  it('advertises exactly the given capabilities after login', async () => {
    const capabilities = await loginCapabilities(dovecot.imapPort, ALICE.user, ALICE.password);
    expect(capabilities).toEqual(['IMAP4rev1', 'LITERAL+', 'IDLE', 'UIDPLUS', 'NAMESPACE']);
    expect(capabilities).not.toContain('CONDSTORE');
    expect(capabilities).not.toContain('QRESYNC');
  });
});

describe('stopping and failing to start', () => {
  it('stop() ends Dovecot, frees its ports and removes its dir; a second stop() is harmless', async () => {
    const dovecot = await startPrivateDovecot();
    const { dir, imapPort, lmtpPort } = dovecot;
    expect(existsSync(dir)).toBe(true);
    expect(await canConnect(imapPort)).toBe(true);

    const started = performance.now();
    await dovecot.stop();
    console.info(`private Dovecot stopped in ${Math.round(performance.now() - started)} ms`);

    expect(existsSync(dir)).toBe(false);
    expect(await canConnect(imapPort)).toBe(false);
    expect(await canConnect(lmtpPort)).toBe(false);
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(imapPort, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
    await dovecot.stop();
  });

  it('surfaces a config error as an Error with Dovecot’s message and cleans up', async () => {
    const error = await startPrivateDovecot({ extraConfig: 'no_such_setting = 1' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/Unknown setting: no_such_setting/);
    const dir = /(\/\S*tern-dovecot-[^/\s]+)\/dovecot\.conf/.exec(message)?.[1];
    expect(dir).toBeDefined();
    expect(existsSync(dir!)).toBe(false);
  });

  it('refuses a fixed port that is taken, naming it', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(startPrivateDovecot({ imapPort: port })).rejects.toThrow(new RegExp(`Port ${port} .*not free`));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('rejects user names and passwords that would break the passwd file', async () => {
    await expect(startPrivateDovecot({ users: [{ user: 'eve:x', password: 'p' }] })).rejects.toThrow(/user name/);
    await expect(startPrivateDovecot({ users: [{ user: 'eve@example.test', password: 'a:b' }] })).rejects.toThrow(/password/);
  });
});
