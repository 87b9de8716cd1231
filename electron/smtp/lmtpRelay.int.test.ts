import { randomUUID } from 'node:crypto';
import net from 'node:net';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateDovecot, type PrivateDovecot } from '../demo/privateDovecot';
import { startSmtpRelay, type SmtpRelay } from './lmtpRelay';

const ALICE = { user: 'alice@example.test', password: 'wonderland' };
const BOB = { user: 'bob@example.test', password: 'builder' };

let dovecot: PrivateDovecot;
let relay: SmtpRelay;

beforeAll(async () => {
  dovecot = await startPrivateDovecot({ users: [ALICE, BOB] });
  relay = await startSmtpRelay({ lmtpHost: dovecot.host, lmtpPort: dovecot.lmtpPort, users: dovecot.users });
});

afterAll(async () => {
  await relay?.close();
  await dovecot?.stop();
});

function client(port: number, auth: { user: string; pass: string } | null) {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ...(auth ? { auth } : {}),
    logger: false,
  });
}

async function uidsWithSubject(user: string, subject: string): Promise<string[]> {
  const out = await dovecot.doveadm(['search', '-u', user, 'mailbox', 'INBOX', 'header', 'Subject', subject]);
  return out.trim() ? out.trim().split('\n') : [];
}

/** Reads an SMTP reply (multi-line aware) after sending `line`, or the greeting when `line` is null. */
async function smtpConversation(port: number, lines: string[]): Promise<string[]> {
  const socket = net.connect(port, '127.0.0.1');
  socket.setEncoding('utf8');
  let buffer = '';
  let wake: (() => void) | null = null;
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    wake?.();
  });
  const readReply = async (): Promise<string> => {
    for (;;) {
      const match = /(^|\r\n)\d{3} [^\r\n]*\r\n/.exec(buffer);
      if (match) {
        const end = match.index + match[0].length;
        const reply = buffer.slice(0, end);
        buffer = buffer.slice(end);
        return reply;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  try {
    const replies = [await readReply()];
    for (const line of lines) {
      socket.write(`${line}\r\n`);
      replies.push(await readReply());
    }
    return replies;
  } finally {
    socket.destroy();
  }
}

describe('the SMTP → LMTP relay', () => {
  it('delivers an authenticated message into the recipient’s Dovecot INBOX', async () => {
    const subject = `Relay test ${randomUUID()}`;
    const info = await client(relay.port, { user: BOB.user, pass: BOB.password }).sendMail({
      from: 'Bob <bob@example.test>',
      to: 'Alice <alice@example.test>',
      subject,
      text: 'Grüße aus dem Relay',
    });
    expect(info.accepted).toEqual(['alice@example.test']);
    expect(info.rejected).toEqual([]);

    // LMTP delivery finishes before the relay answers DATA, so the message is there now.
    const hits = await uidsWithSubject(ALICE.user, subject);
    expect(hits).toHaveLength(1);
    const uid = hits[0]!.split(' ').at(-1)!;
    const header = await dovecot.doveadm(['fetch', '-u', ALICE.user, 'hdr', 'mailbox', 'INBOX', 'uid', uid]);
    expect(header).toMatch(/Received: from .*\r?\n\s+by tern-relay\.localhost \(Tern test relay\) with ESMTPA/);
    expect(await uidsWithSubject(BOB.user, subject)).toHaveLength(0);
  });

  it('delivers to every recipient of the envelope', async () => {
    const subject = `Two recipients ${randomUUID()}`;
    const info = await client(relay.port, { user: ALICE.user, pass: ALICE.password }).sendMail({
      from: ALICE.user,
      to: [ALICE.user, BOB.user],
      subject,
      text: 'to both',
    });
    expect(info.accepted.sort()).toEqual([ALICE.user, BOB.user].sort());
    expect(await uidsWithSubject(ALICE.user, subject)).toHaveLength(1);
    expect(await uidsWithSubject(BOB.user, subject)).toHaveLength(1);
  });

  it('refuses an unknown recipient with Dovecot’s LMTP reply', async () => {
    const send = client(relay.port, { user: ALICE.user, pass: ALICE.password }).sendMail({
      from: ALICE.user,
      to: 'nobody-here@example.test',
      subject: 'to nobody',
      text: 'lost',
    });
    await expect(send).rejects.toMatchObject({
      responseCode: 550,
      response: expect.stringMatching(/^550 5\.1\.1 <nobody-here@example\.test> User doesn't exist/),
    });
  });

  it('delivers to the known recipients when one of several is unknown', async () => {
    const subject = `Partly unknown ${randomUUID()}`;
    const info = await client(relay.port, { user: ALICE.user, pass: ALICE.password }).sendMail({
      from: ALICE.user,
      to: ['ghost@example.test', BOB.user],
      subject,
      text: 'one of you exists',
    });
    expect(info.accepted).toEqual([BOB.user]);
    expect(info.rejected).toEqual(['ghost@example.test']);
    expect(await uidsWithSubject(BOB.user, subject)).toHaveLength(1);
  });

  it('rejects a wrong password with 535 and delivers nothing', async () => {
    const subject = `Bad auth ${randomUUID()}`;
    const send = client(relay.port, { user: ALICE.user, pass: 'not-wonderland' }).sendMail({
      from: ALICE.user,
      to: BOB.user,
      subject,
      text: 'should not arrive',
    });
    await expect(send).rejects.toMatchObject({ code: 'EAUTH', responseCode: 535 });
    expect(await uidsWithSubject(BOB.user, subject)).toHaveLength(0);
  });

  it('requires authentication before MAIL FROM', async () => {
    const send = client(relay.port, null).sendMail({ from: ALICE.user, to: BOB.user, subject: 'anon', text: 'x' });
    await expect(send).rejects.toMatchObject({ responseCode: 530 });
  });

  it('advertises AUTH and SIZE but not STARTTLS, and rejects a bad AUTH PLAIN on the wire', async () => {
    const badPlain = Buffer.from(`\0${ALICE.user}\0wrong`).toString('base64');
    const goodPlain = Buffer.from(`\0${ALICE.user}\0${ALICE.password}`).toString('base64');
    const [greeting, ehlo, bad, good] = await smtpConversation(relay.port, [
      'EHLO test.example',
      `AUTH PLAIN ${badPlain}`,
      `AUTH PLAIN ${goodPlain}`,
    ]);
    expect(greeting).toMatch(/^220 /);
    expect(ehlo).toMatch(/\r\n250[- ]AUTH PLAIN LOGIN\r\n/);
    expect(ehlo).toMatch(/\r\n250[- ]SIZE 26214400\r\n/);
    expect(ehlo).not.toMatch(/STARTTLS/);
    expect(bad).toMatch(/^535 /);
    expect(good).toMatch(/^235 /);
  });
});

describe('the relay’s size limit', () => {
  let small: SmtpRelay;

  beforeAll(async () => {
    small = await startSmtpRelay({
      lmtpHost: dovecot.host,
      lmtpPort: dovecot.lmtpPort,
      users: [ALICE],
      maxMessageBytes: 4096,
    });
  });

  afterAll(async () => {
    await small?.close();
  });

  it('refuses a message over the limit with 552 and delivers nothing', async () => {
    const subject = `Too big ${randomUUID()}`;
    const send = client(small.port, { user: ALICE.user, pass: ALICE.password }).sendMail({
      from: ALICE.user,
      to: ALICE.user,
      subject,
      text: 'x'.repeat(10_000),
    });
    await expect(send).rejects.toMatchObject({ responseCode: 552 });
    expect(await uidsWithSubject(ALICE.user, subject)).toHaveLength(0);
  });

  it('still takes a message under the limit', async () => {
    const subject = `Small enough ${randomUUID()}`;
    await client(small.port, { user: ALICE.user, pass: ALICE.password }).sendMail({
      from: ALICE.user,
      to: ALICE.user,
      subject,
      text: 'short',
    });
    expect(await uidsWithSubject(ALICE.user, subject)).toHaveLength(1);
  });
});

describe('a relay whose mail store is down', () => {
  it('answers RCPT TO with a temporary 451 instead of accepting mail it cannot deliver', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const orphan = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: deadPort, users: [ALICE] });
    try {
      const send = client(orphan.port, { user: ALICE.user, pass: ALICE.password }).sendMail({
        from: ALICE.user,
        to: ALICE.user,
        subject: 'nowhere',
        text: 'x',
      });
      await expect(send).rejects.toMatchObject({ responseCode: 451 });
    } finally {
      await orphan.close();
    }
  });
});
