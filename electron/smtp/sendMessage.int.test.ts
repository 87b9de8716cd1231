/**
 * Sending for real: the engine sends as alice through the SMTP→LMTP relay into a private Dovecot, and every
 * result is read back with doveadm — headers, body, attachment bytes, who received it (Bcc included, with no
 * Bcc header anywhere), the copy in alice's Sent, the \Answered flag on the original. Then the failures: a
 * refused recipient, a message over the server's SIZE, an unreachable server (retried later, then sent once),
 * a server without STARTTLS (refused before AUTH, checked on the wire), and the same Message-ID sent twice,
 * at once, and again after an engine restart.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage, SendOutcome } from '../../shared/contract/compose';
import { startPrivateDovecot, type PrivateDovecot } from '../demo/privateDovecot';
import { createEngine } from '../services/createEngine';
import { createLogger } from '../services/logger';
import { FileSecretStore } from '../store/fileSecretStore';
import { startEngineHarness, type EngineHarness } from '../testing/engineHarness';
import { solidPng } from '../testing/htmlMessages';
import { startRecordingProxy } from '../testing/recordingProxy';
import { startSmtpRelay, type SmtpRelay } from './lmtpRelay';
import { buildRawMessage, submitMessage } from './sendMessage';

const ALICE = { user: 'alice@example.test', password: 'wonderland' };
const BOB = { user: 'bob@example.test', password: 'builder' };
const CAROL = { user: 'carol@example.test', password: 'singer' };
const DAVE = { user: 'dave@example.test', password: 'diver' };
const USERS = [ALICE, BOB, CAROL, DAVE];

const ORIGINAL = [
  'From: Bob <bob@example.test>',
  'To: Alice <alice@example.test>',
  'Subject: Lunch on Friday?',
  'Date: Mon, 05 Jan 2026 10:00:00 +0000',
  'Message-ID: <orig-1@example.test>',
  'In-Reply-To: <root@example.test>',
  'References: <root@example.test>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Shall we meet at noon?',
  '',
].join('\r\n');

let dovecot: PrivateDovecot;
let relay: SmtpRelay;
let harness: EngineHarness;
let accountId: string;
let inboxValidity: string;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  dovecot = await startPrivateDovecot({ users: USERS });
  cleanups.push(() => dovecot.stop());
  relay = await startSmtpRelay({ lmtpHost: dovecot.host, lmtpPort: dovecot.lmtpPort, users: USERS });
  cleanups.push(() => relay.close());
  await dovecot.saveMessage(ALICE.user, 'INBOX', ORIGINAL);
  harness = await startEngineHarness({ pollIntervalMs: 60_000 });
  cleanups.push(() => harness.close());
  accountId = await harness.addAccount({ dovecot, smtpPort: relay.port, user: ALICE.user, password: ALICE.password });
  await harness.sync(accountId, 'INBOX');
  inboxValidity = harness.mirror.cursor(accountId, 'INBOX')!.uidValidity;
});

afterAll(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

const newId = () => `<${randomUUID()}@example.test>`;

function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    messageId: newId(),
    date: Date.UTC(2026, 0, 6, 9, 30),
    to: [{ name: 'Bob', address: BOB.user }],
    cc: [],
    bcc: [],
    subject: 'Hello',
    text: 'Hi Bob',
    attachments: [],
    original: null,
    ...overrides,
  };
}

/** UIDs of the messages in `mailbox` with this Message-ID. */
async function uidsOf(user: string, mailbox: string, messageId: string): Promise<number[]> {
  const out = await dovecot.doveadm(['search', '-u', user, 'mailbox', mailbox, 'header', 'Message-ID', messageId]);
  return out.trim() ? out.trim().split('\n').map((line) => Number(line.split(' ').at(-1))) : [];
}

async function fetchField(user: string, mailbox: string, uid: number, field: 'text' | 'flags'): Promise<string> {
  const out = await dovecot.doveadm(['fetch', '-u', user, field, 'mailbox', mailbox, 'uid', String(uid)]);
  return out.replace(new RegExp(`^${field}:\\s?`), '');
}

async function delivered(user: string, mailbox: string, messageId: string) {
  const uids = await uidsOf(user, mailbox, messageId);
  expect(uids, `${user} ${mailbox} holds ${messageId} once`).toHaveLength(1);
  const text = await fetchField(user, mailbox, uids[0]!, 'text');
  const header = text.slice(0, text.indexOf('\n\n'));
  return { uid: uids[0]!, text, header, parsed: await PostalMime.parse(text) };
}

const headerLine = (header: string, name: string) =>
  header
    .replace(/\n[ \t]+/g, ' ')
    .split('\n')
    .filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`));

const send = (body: OutgoingMessage, account = accountId) => harness.client.api.sendMessage({ accountId: account, message: body });

describe('a reply with Cc, Bcc and an attachment', () => {
  const bytes = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(5000)]);
  let reply: OutgoingMessage;
  let outcome: SendOutcome;

  beforeAll(async () => {
    reply = message({
      to: [{ name: 'Bob', address: BOB.user }],
      cc: [{ name: 'Carol, the singer', address: CAROL.user }],
      bcc: [{ name: 'Dave', address: DAVE.user }],
      subject: 'Re: Lunch on Friday?',
      text: 'Noon works.\n\nOn 5 Jan 2026, Bob wrote:\n> Shall we meet at noon?\n',
      attachments: [
        { filename: 'data ünïcode.bin', mimeType: 'application/octet-stream', contentBase64: bytes.toString('base64') },
        { filename: '../../.bashrc', mimeType: 'text/plain', contentBase64: Buffer.from('echo hi\n').toString('base64') },
      ],
      original: { kind: 'reply', path: 'INBOX', uid: 1, uidValidity: inboxValidity, messageId: '<orig-1@example.test>' },
    });
    outcome = await send(reply);
  });

  it('is sent to To, Cc and Bcc, and reported so', () => {
    expect(outcome).toMatchObject({ status: 'sent', alreadySent: false, refused: [], sentCopy: 'saved', originalMarked: true, notices: [] });
    if (outcome.status === 'sent') expect(outcome.accepted.sort()).toEqual([BOB.user, CAROL.user, DAVE.user]);
  });

  it('arrives with the right headers, threaded under the original', async () => {
    const { header, parsed } = await delivered(BOB.user, 'INBOX', reply.messageId);
    expect(headerLine(header, 'From')).toEqual(['From: alice@example.test']);
    expect(headerLine(header, 'To')).toEqual(['To: Bob <bob@example.test>']);
    expect(headerLine(header, 'Cc')).toEqual(['Cc: "Carol, the singer" <carol@example.test>']);
    expect(headerLine(header, 'Subject')).toEqual(['Subject: Re: Lunch on Friday?']);
    expect(headerLine(header, 'Message-ID')).toEqual([`Message-ID: ${reply.messageId}`]);
    expect(headerLine(header, 'In-Reply-To')).toEqual(['In-Reply-To: <orig-1@example.test>']);
    expect(headerLine(header, 'References')).toEqual(['References: <root@example.test> <orig-1@example.test>']);
    expect(headerLine(header, 'Date')).toEqual(['Date: Tue, 06 Jan 2026 09:30:00 +0000']);
    expect(headerLine(header, 'Bcc')).toEqual([]);
    expect(parsed.text?.replace(/\r\n/g, '\n').trimEnd()).toBe(reply.text.trimEnd());
  });

  it('carries the attachments byte for byte, under safe names', async () => {
    const { parsed } = await delivered(CAROL.user, 'INBOX', reply.messageId);
    expect(parsed.attachments.map((a) => [a.filename, a.mimeType])).toEqual([
      ['data ünïcode.bin', 'application/octet-stream'],
      ['bashrc', 'text/plain'],
    ]);
    expect(Buffer.from(parsed.attachments[0]!.content as ArrayBuffer).equals(bytes)).toBe(true);
  });

  it('reaches the Bcc recipient without naming them anywhere', async () => {
    for (const user of [BOB.user, CAROL.user, DAVE.user]) {
      const { header } = await delivered(user, 'INBOX', reply.messageId);
      expect(headerLine(header, 'Bcc')).toEqual([]);
      // The relay's Received header names the recipient of a single-recipient delivery; nothing else may.
      expect(header.replace(/^Received:.*(\n[ \t].*)*/m, '')).not.toContain('dave@');
    }
  });

  it('files the same message in alice’s Sent, read, and marks the original \\Answered', async () => {
    const sent = await delivered(ALICE.user, 'Sent', reply.messageId);
    expect(await fetchField(ALICE.user, 'Sent', sent.uid, 'flags')).toContain('\\Seen');
    expect(sent.header).not.toMatch(/^Received:/m);
    expect(sent.header).not.toContain('dave@');
    const bobs = await delivered(BOB.user, 'INBOX', reply.messageId);
    // Bob's copy is the same bytes plus the relay's Received header.
    expect(bobs.text.endsWith(sent.text)).toBe(true);
    expect(await fetchField(ALICE.user, 'INBOX', 1, 'flags')).toContain('\\Answered');
  });
});

describe('headers cannot be injected and recipients cannot be smuggled in', () => {
  it('refuses an address holding a second address, or a name holding a line break', async () => {
    await expect(send(message({ to: [{ name: '', address: 'bob@example.test, carol@example.test' }] }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(send(message({ to: [{ name: '', address: 'bob@example.test\r\nBcc: dave@example.test' }] }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(send(message({ cc: [{ name: 'Bob\r\nBcc: dave@example.test', address: BOB.user }] }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(send(message({ messageId: '<x@example.test>\r\nBcc: dave@example.test' }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(send(message({ to: [], cc: [], bcc: [] }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('keeps a subject with a line break on one line and sends only to the envelope', async () => {
    const body = message({ subject: 'Hello\r\nBcc: dave@example.test' });
    await expect(send(body)).resolves.toMatchObject({ status: 'sent', accepted: [BOB.user] });
    const { header } = await delivered(BOB.user, 'INBOX', body.messageId);
    expect(headerLine(header, 'Subject')).toEqual(['Subject: Hello Bcc: dave@example.test']);
    expect(headerLine(header, 'Bcc')).toEqual([]);
    expect(await uidsOf(DAVE.user, 'INBOX', body.messageId)).toEqual([]);
  });
});

describe('refusals', () => {
  it('reports a rejected recipient as permanent, with the server’s reason', async () => {
    const body = message({ to: [{ name: '', address: 'nobody@example.test' }] });
    const outcome = await send(body);
    expect(outcome).toMatchObject({
      status: 'refused',
      code: 'RECIPIENT_REJECTED',
      refused: [{ address: 'nobody@example.test', reason: expect.stringMatching(/^550 5\.1\.1 <nobody@example\.test> User doesn't exist/) }],
    });
    if (outcome.status === 'refused') expect(outcome.reason).toMatch(/refused the recipient \(nobody@example\.test\)/);
    expect(await uidsOf(ALICE.user, 'Sent', body.messageId)).toEqual([]);
  });

  it('sends to the others when one of several recipients is refused, and says who did not get it', async () => {
    const body = message({ to: [{ name: '', address: 'ghost@example.test' }, { name: 'Bob', address: BOB.user }] });
    const outcome = await send(body);
    expect(outcome).toMatchObject({ status: 'sent', accepted: [BOB.user], refused: [{ address: 'ghost@example.test' }] });
    if (outcome.status === 'sent') expect(outcome.notices[0]).toMatch(/^Not delivered to ghost@example\.test: 550/);
    await delivered(BOB.user, 'INBOX', body.messageId);
  });

  it('refuses a message larger than the server’s SIZE before sending it', async () => {
    const small = await startSmtpRelay({ lmtpHost: dovecot.host, lmtpPort: dovecot.lmtpPort, users: USERS, maxMessageBytes: 4096 });
    cleanups.push(() => small.close());
    const proxy = await startRecordingProxy(small.port);
    cleanups.push(() => proxy.close());
    const smallAccount = await harness.addAccount({ dovecot, smtpPort: proxy.port, user: ALICE.user, password: ALICE.password });
    // Learned from the EHLO answer when the account's settings were tested, for the composer's warning.
    await expect(harness.client.api.getSendLimit({ accountId: smallAccount })).resolves.toEqual({ maxBytes: 4096 });
    const body = message({ attachments: [{ filename: 'big.bin', mimeType: 'application/octet-stream', contentBase64: randomBytes(10_000).toString('base64') }] });
    const outcome = await send(body, smallAccount);
    expect(outcome).toMatchObject({ status: 'refused', code: 'MESSAGE_TOO_LARGE', reason: expect.stringMatching(/^The message is 1\d\.\d KB|^The message is 1\d KB/) });
    if (outcome.status === 'refused') expect(outcome.reason).toMatch(/accepts at most 4\.0 KB/);
    expect(proxy.clientBytes()).not.toMatch(/^DATA/m);
    expect(await uidsOf(BOB.user, 'INBOX', body.messageId)).toEqual([]);
  });
});

describe('an unreachable server, then the same message again', () => {
  it('answers “retry later” while the server is down, then sends exactly once', async () => {
    const flaky = await startSmtpRelay({ lmtpHost: dovecot.host, lmtpPort: dovecot.lmtpPort, users: USERS });
    const port = flaky.port;
    const flakyAccount = await harness.addAccount({ dovecot, smtpPort: port, user: ALICE.user, password: ALICE.password });
    await flaky.close();
    const body = message({ subject: `Flaky ${randomUUID()}` });
    await expect(send(body, flakyAccount)).resolves.toMatchObject({ status: 'retryLater', code: 'HOST_UNREACHABLE' });

    const back = await startSmtpRelay({ lmtpHost: dovecot.host, lmtpPort: dovecot.lmtpPort, users: USERS, port });
    cleanups.push(() => back.close());
    await expect(send(body, flakyAccount)).resolves.toMatchObject({ status: 'sent', alreadySent: false });
    await expect(send(body, flakyAccount)).resolves.toMatchObject({ status: 'sent', alreadySent: true });
    expect(await uidsOf(BOB.user, 'INBOX', body.messageId)).toHaveLength(1);
    expect(await uidsOf(ALICE.user, 'Sent', body.messageId)).toHaveLength(1);
  });

  it('sends a Message-ID once when two windows send it at the same moment', async () => {
    const body = message();
    const otherWindow = harness.openClient().api;
    const outcomes = await Promise.all([send(body), otherWindow.sendMessage({ accountId, message: body })]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['sent', 'sent']);
    expect(outcomes.filter((outcome) => outcome.status === 'sent' && outcome.alreadySent)).toHaveLength(1);
    expect(await uidsOf(BOB.user, 'INBOX', body.messageId)).toHaveLength(1);
  });

  it('remembers what it sent across an engine restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tern-sentlog-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const start = () =>
      createEngine({ dataDir, secrets: new FileSecretStore(dataDir), host: 'web', version: 'test', log: createLogger(() => {}), pollIntervalMs: 60_000 });
    const first = start();
    const account = await first.addAccount({
      displayName: 'Alice Liddell',
      email: ALICE.user,
      password: ALICE.password,
      imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none', username: ALICE.user },
      smtp: { host: '127.0.0.1', port: relay.port, security: 'none', username: ALICE.user },
    });
    const body = message();
    await expect(first.connect(() => {}).api.sendMessage({ accountId: account.id, message: body })).resolves.toMatchObject({ status: 'sent', alreadySent: false });
    await first.shutdown();

    const second = start();
    cleanups.push(() => second.shutdown());
    await expect(second.connect(() => {}).api.sendMessage({ accountId: account.id, message: body })).resolves.toMatchObject({ status: 'sent', alreadySent: true, sentCopy: 'saved' });
    const { header } = await delivered(BOB.user, 'INBOX', body.messageId);
    expect(headerLine(header, 'From')).toEqual(['From: Alice Liddell <alice@example.test>']);
  });
});

describe('STARTTLS required', () => {
  it('is refused before AUTH by a server that does not offer it: no password on the wire, nothing sent', async () => {
    const proxy = await startRecordingProxy(relay.port);
    cleanups.push(() => proxy.close());
    const body = message();
    const raw = await buildRawMessage({ ...body, from: { name: '', address: ALICE.user }, date: new Date(body.date), inReplyTo: null, references: [], attachments: [] });
    const result = await submitMessage({ host: '127.0.0.1', port: proxy.port, security: 'starttls', username: ALICE.user }, ALICE.password, { from: ALICE.user, to: [BOB.user] }, raw);
    expect(result).toMatchObject({ ok: false, transient: true, code: 'STARTTLS_UNAVAILABLE', reason: expect.stringMatching(/does not offer STARTTLS, so Tern did not send your password/) });
    const wire = proxy.clientBytes();
    expect(wire).toMatch(/^EHLO /m);
    expect(wire).toMatch(/^STARTTLS\r\n/m);
    expect(wire).not.toMatch(/AUTH/);
    expect(wire).not.toContain(Buffer.from(`\0${ALICE.user}\0${ALICE.password}`).toString('base64'));
    expect(wire).not.toMatch(/MAIL FROM/);
    expect(await uidsOf(BOB.user, 'INBOX', body.messageId)).toEqual([]);
  });
});

describe('a Gmail-like server', () => {
  it('gets no copy in Sent from Tern (it files sent mail itself)', async () => {
    const gmailish = await startPrivateDovecot({
      users: [ALICE, BOB],
      capabilities: 'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ NAMESPACE UIDPLUS CHILDREN LIST-EXTENDED LIST-STATUS SPECIAL-USE CONDSTORE QRESYNC MOVE X-GM-EXT-1',
    });
    cleanups.push(() => gmailish.stop());
    const gmailRelay = await startSmtpRelay({ lmtpHost: gmailish.host, lmtpPort: gmailish.lmtpPort, users: [ALICE, BOB] });
    cleanups.push(() => gmailRelay.close());
    const gmailAccount = await harness.addAccount({ dovecot: gmailish, smtpPort: gmailRelay.port, user: ALICE.user, password: ALICE.password });
    const body = message();
    await expect(send(body, gmailAccount)).resolves.toMatchObject({ status: 'sent', sentCopy: 'server-saves', notices: [] });
    const sent = await gmailish.doveadm(['search', '-u', ALICE.user, 'mailbox', 'Sent', 'header', 'Message-ID', body.messageId]);
    expect(sent.trim()).toBe('');
  });
});

describe('rich text', () => {
  it('goes out as multipart/alternative, and both parts read back over IMAP as they were written', async () => {
    const html = '<p>Hello <strong>Bob</strong></p><ul><li><p>one</p></li></ul><blockquote style="margin:0 0 0 0.8ex"><p>quoted</p></blockquote>';
    const body = message({ subject: `Rich ${randomUUID()}`, text: 'Hello Bob\n\n- one\n\n> quoted\n', html });
    await expect(send(body)).resolves.toMatchObject({ status: 'sent' });
    const bobAccount = await harness.addAccount({ dovecot, smtpPort: relay.port, user: BOB.user, password: BOB.password });
    const { deltas } = await harness.sync(bobAccount, 'INBOX');
    const header = deltas.flatMap((delta) => delta.upserts).find((entry) => entry.messageId === body.messageId);
    expect(header).toBeDefined();
    const uidValidity = harness.mirror.cursor(bobAccount, 'INBOX')!.uidValidity;
    const fetched = await harness.client.api.fetchMessage({ accountId: bobAccount, path: 'INBOX', uid: header!.uid, uidValidity });
    expect(fetched.html?.trim()).toBe(html);
    expect(fetched.text?.replace(/\r\n/g, '\n').trimEnd()).toBe(body.text.trimEnd());
    const { header: raw } = await delivered(BOB.user, 'INBOX', body.messageId);
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;/m);
  });

  it('sends an image of the text in multipart/related, and the reader gets it back as that image', async () => {
    const logo = solidPng(6, 4);
    const contentId = 'image1.0123abcd@tern.invalid';
    const html = `<p>Our logo <img src="cid:${contentId}" alt="logo"></p>`;
    const body = message({
      subject: `Inline ${randomUUID()}`,
      text: 'Our logo [image: logo]\n',
      html,
      attachments: [
        { filename: 'logo.png', mimeType: 'image/png', contentBase64: logo.toString('base64'), contentId },
        { filename: 'notes.txt', mimeType: 'text/plain', contentBase64: Buffer.from('kept apart').toString('base64') },
      ],
    });
    await expect(send(body)).resolves.toMatchObject({ status: 'sent' });
    const bobAccount = await harness.addAccount({ dovecot, smtpPort: relay.port, user: BOB.user, password: BOB.password });
    const { deltas } = await harness.sync(bobAccount, 'INBOX');
    const header = deltas.flatMap((delta) => delta.upserts).find((entry) => entry.messageId === body.messageId);
    const uidValidity = harness.mirror.cursor(bobAccount, 'INBOX')!.uidValidity;
    const fetched = await harness.client.api.fetchMessage({ accountId: bobAccount, path: 'INBOX', uid: header!.uid, uidValidity });
    expect(fetched.html?.trim()).toBe(html);
    expect(fetched.inlineParts).toEqual([{ contentId, mimeType: 'image/png', dataUrl: `data:image/png;base64,${logo.toString('base64')}` }]);
    const { header: raw, text, parsed } = await delivered(BOB.user, 'INBOX', body.messageId);
    // The image beside the HTML; the ordinary attachment beside both.
    expect(raw).toMatch(/^Content-Type: multipart\/mixed;/m);
    expect(text).toMatch(/^Content-Type: multipart\/related; type="text\/html";/m);
    expect(parsed.attachments.map((part) => [part.filename, part.disposition, part.contentId ?? null])).toEqual([
      ['logo.png', 'inline', `<${contentId}>`],
      ['notes.txt', 'attachment', null],
    ]);
  });

  it('refuses an inline image that is not one, or a content id that is not valid, before sending', async () => {
    const image = (contentId: string, bytes: Buffer) => message({ html: `<p><img src="cid:${contentId}"></p>`, attachments: [{ filename: 'x.png', mimeType: 'image/png', contentBase64: bytes.toString('base64'), contentId }] });
    await expect(send(image('a@b', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')))).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('only PNG, JPEG, GIF and WebP') });
    await expect(send(image('<a@b>\r\nX: y', solidPng(1, 1)))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(send(image('no-at-sign', solidPng(1, 1)))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

