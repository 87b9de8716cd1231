/**
 * The engine through the real contract (client ↔ serve over a transport pair) against a real Dovecot:
 * connection tests with their specific errors, adding an account, folders, delta sync with flow control,
 * incremental changes made by "another device" (doveadm), UIDVALIDITY change, and reading a message.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInput } from '../../shared/contract/accounts';
import type { MailboxDelta } from '../../shared/contract/sync';
import { createClient, type TernClient } from '../../shared/ipc/createClient';
import { createTransportPair } from '../../shared/ipc/transport';
import { startPrivateDovecot, type PrivateDovecot } from '../demo/privateDovecot';
import { startSmtpRelay } from '../smtp/lmtpRelay';
import { FileSecretStore } from '../store/fileSecretStore';
import { startRecordingProxy } from '../testing/recordingProxy';
import { messageWithAttachment, plainMessage } from '../testing/testMessages';
import { createEngine } from './createEngine';
import type { InProcessEngine } from './engine';
import { createLogger } from './logger';

const USER = 'alice@example.test';
const PASSWORD = 'canary-Pa55word-7f3e';
const SEEDED = 120;

let dovecot: PrivateDovecot;
let relay: { port: number; close(): Promise<void> };
let dataDir: string;
let engine: InProcessEngine;
let client: TernClient;
const logLines: string[] = [];

function account(overrides: Partial<AccountInput> = {}): AccountInput {
  return {
    displayName: 'Alice',
    email: USER,
    password: PASSWORD,
    imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none', username: USER },
    smtp: { host: '127.0.0.1', port: relay.port, security: 'none', username: USER },
    ...overrides,
  };
}

/** Runs a sync to the end, acknowledging each delta as the renderer would, and returns what arrived. */
async function syncAll(accountId: string, path: string, cursor: MailboxDelta['cursor'] = null) {
  const deltas: MailboxDelta[] = [];
  const stop = client.on('mailboxChanged', (delta) => {
    deltas.push(delta);
    void client.api.acknowledgeDelta({ deltaId: delta.deltaId });
  });
  try {
    const outcome = await client.api.syncMailbox({ accountId, path, cursor });
    return { outcome, deltas };
  } finally {
    stop();
  }
}

beforeAll(async () => {
  dovecot = await startPrivateDovecot({ users: [{ user: USER, password: PASSWORD }] });
  relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users: [{ user: USER, password: PASSWORD }] });
  for (let i = 1; i <= SEEDED; i++) await dovecot.saveMessage(USER, 'INBOX', plainMessage(i));
  await dovecot.saveMessage(USER, 'INBOX', messageWithAttachment('Quarterly report'));
  dataDir = await mkdtemp(join(tmpdir(), 'tern-engine-'));
  engine = createEngine({ dataDir, secrets: new FileSecretStore(dataDir), host: 'web', version: 'test', log: createLogger((line) => logLines.push(line)) });
  const [clientEnd, serverEnd] = createTransportPair();
  engine.serve(serverEnd);
  client = createClient(clientEnd);
});

afterAll(async () => {
  await engine?.shutdown();
  await relay?.close();
  await dovecot?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('connection test', () => {
  it('passes for the right settings on both servers', async () => {
    const result = await client.api.testAccount(account());
    expect(result.imap).toMatchObject({ ok: true });
    expect(result.smtp).toMatchObject({ ok: true });
  });

  it('names a wrong password as such, on IMAP and SMTP', async () => {
    const result = await client.api.testAccount(account({ password: 'wrong-password' }));
    expect(result.imap).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
    expect(result.smtp).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
  });

  it('names an unreachable port', async () => {
    const result = await client.api.testAccount(account({ imap: { host: '127.0.0.1', port: 1, security: 'none', username: USER } }));
    expect(result.imap).toMatchObject({ ok: false, code: 'HOST_UNREACHABLE' });
    expect(result.imap.ok || result.imap.message).toMatch(/127\.0\.0\.1:1/);
  });

  it('names a TLS failure (TLS spoken to a plaintext port)', async () => {
    const result = await client.api.testAccount(account({ imap: { host: 'localhost', port: dovecot.imapPort, security: 'tls', username: USER } }));
    expect(result.imap).toMatchObject({ ok: false, code: 'TLS_FAILED' });
  });

  it('refuses a server without STARTTLS before any credential is sent', async () => {
    const proxy = await startRecordingProxy(dovecot.imapPort);
    try {
      const result = await client.api.testAccount(account({ imap: { host: '127.0.0.1', port: proxy.port, security: 'starttls', username: USER } }));
      expect(result.imap).toMatchObject({ ok: false, code: 'STARTTLS_UNAVAILABLE' });
      const sent = proxy.clientBytes();
      // The session really went through the proxy (Dovecot's greeting lists its capabilities, without STARTTLS).
      expect(proxy.serverBytes()).toMatch(/^\* OK \[CAPABILITY [^\]]*AUTH=PLAIN/);
      expect(proxy.serverBytes()).not.toContain('STARTTLS');
      expect(sent).not.toMatch(/LOGIN|AUTHENTICATE/i);
      expect(sent).not.toContain(PASSWORD);
      expect(sent).not.toContain(Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64'));
    } finally {
      await proxy.close();
    }
  });

  it('does not save an account whose settings fail', async () => {
    await expect(client.api.addAccount(account({ password: 'wrong-password' }))).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    expect(await client.api.listAccounts({})).toEqual([]);
  });
});

describe('an added account', () => {
  let accountId: string;

  beforeAll(async () => {
    const added = await client.api.addAccount(account());
    accountId = added.id;
  });

  it('keeps the password out of the settings file, in a 0600 secrets file', async () => {
    const settings = await readFile(join(dataDir, 'accounts.json'), 'utf8');
    expect(settings).toContain(USER);
    expect(settings).not.toContain(PASSWORD);
    expect((await stat(join(dataDir, 'secrets.json'))).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(await client.api.listAccounts({}))).not.toContain(PASSWORD);
  });

  it('lists folders with the server’s delimiter and special-use roles', async () => {
    const mailboxes = await client.api.listMailboxes({ accountId });
    const byPath = new Map(mailboxes.map((mailbox) => [mailbox.path, mailbox]));
    expect(byPath.get('INBOX')).toMatchObject({ specialUse: 'inbox', messages: SEEDED + 1, unseen: SEEDED + 1 });
    expect(byPath.get('Sent')?.specialUse).toBe('sent');
    expect(byPath.get('Trash')?.specialUse).toBe('trash');
    expect(byPath.get('INBOX')?.delimiter).toBe('.');
  });

  it('syncs INBOX newest-first in bounded, acknowledged deltas, with the cursor only on the last', async () => {
    const { outcome, deltas } = await syncAll(accountId, 'INBOX');
    const uids = deltas.flatMap((delta) => delta.upserts.map((header) => header.uid));
    expect(new Set(uids).size).toBe(SEEDED + 1);
    expect(deltas[0]?.upserts).toHaveLength(50);
    expect(deltas[0]?.reset).toBe(true);
    expect(deltas[0]?.upserts[0]?.uid).toBe(SEEDED + 1);
    expect(deltas.slice(0, -1).every((delta) => delta.cursor === null)).toBe(true);
    expect(deltas.at(-1)?.cursor).toEqual(outcome.cursor);
    expect(outcome.cursor.uidNext).toBe(SEEDED + 2);
    const first = deltas[0]?.upserts.find((header) => header.uid === SEEDED);
    expect(first).toMatchObject({ subject: `Test message ${SEEDED}`, from: [{ name: `Sender ${SEEDED}`, address: `sender${SEEDED}@example.test` }] });
  });

  it('sends the next delta only after the previous one was acknowledged', async () => {
    const received: MailboxDelta[] = [];
    const stop = client.on('mailboxChanged', (delta) => received.push(delta));
    const done = client.api.syncMailbox({ accountId, path: 'INBOX', cursor: null });
    await expect.poll(() => received.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toHaveLength(1);
    for (let i = 0; ; i++) {
      const delta = received[i];
      if (!delta) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        i--;
        continue;
      }
      await client.api.acknowledgeDelta({ deltaId: delta.deltaId });
      if (delta.cursor) break;
    }
    await done;
    stop();
  });

  it('tells the progress of each stored delta once, in order, then idle', async () => {
    const order: string[] = [];
    const stopProgress = client.on('syncProgressed', (p) => {
      if (p.accountId === accountId && p.path === 'INBOX' && (p.state !== 'syncing' || p.done > 0)) order.push(`${p.state} ${p.done}/${p.total}`);
    });
    const { deltas } = await syncAll(accountId, 'INBOX').finally(stopProgress);
    const told = order.filter((entry) => entry.startsWith('syncing '));
    // At least the first screenful and the rest (which carries the cursor): more than one progress to tell.
    expect(deltas.length).toBeGreaterThanOrEqual(2);
    expect(told).toEqual(deltas.map((delta) => `syncing ${delta.progress.done}/${SEEDED + 1}`));
    expect(order.at(-1)).toBe('idle 0/0');
  });

  it('catches up with changes made on another device: new mail, flags, expunges', async () => {
    const { outcome: before } = await syncAll(accountId, 'INBOX');
    await dovecot.saveMessage(USER, 'INBOX', plainMessage(500, { subject: 'Arrived later' }));
    await dovecot.doveadm(['flags', 'add', '-u', USER, '\\Seen \\Flagged', 'mailbox', 'INBOX', 'uid', '3']);
    await dovecot.doveadm(['expunge', '-u', USER, 'mailbox', 'INBOX', 'uid', '5']);

    const { outcome, deltas } = await syncAll(accountId, 'INBOX', before.cursor);
    const upserts = deltas.flatMap((delta) => delta.upserts);
    expect(upserts.map((header) => header.subject)).toEqual(['Arrived later']);
    expect(deltas.some((delta) => delta.reset)).toBe(false);
    const flags = deltas.flatMap((delta) => delta.flagUpdates).find((update) => update.uid === 3)?.flags;
    expect(flags?.sort()).toEqual(['\\Flagged', '\\Seen']);
    // QRESYNC names the expunged UID itself; without it, the complete UID set would.
    expect(deltas.at(-1)?.vanished).toEqual([5]);
    expect(outcome.cursor.uidNext).toBe(SEEDED + 3);

    // Nothing changed since: no headers, no flags, just the closing delta.
    const again = await syncAll(accountId, 'INBOX', outcome.cursor);
    expect(again.deltas.flatMap((delta) => [...delta.upserts, ...delta.flagUpdates])).toEqual([]);
  });

  it('starts a folder over when its UIDVALIDITY changed', async () => {
    await dovecot.doveadm(['mailbox', 'create', '-u', USER, 'Projects']);
    await dovecot.saveMessage(USER, 'Projects', plainMessage(900));
    const first = await syncAll(accountId, 'Projects');
    await dovecot.doveadm(['mailbox', 'delete', '-u', USER, 'Projects']);
    await dovecot.doveadm(['mailbox', 'create', '-u', USER, 'Projects']);
    await dovecot.saveMessage(USER, 'Projects', plainMessage(901));
    const second = await syncAll(accountId, 'Projects', first.outcome.cursor);
    expect(second.outcome.cursor.uidValidity).not.toBe(first.outcome.cursor.uidValidity);
    expect(second.deltas[0]?.reset).toBe(true);
    expect(second.deltas.flatMap((delta) => delta.upserts.map((header) => header.subject))).toEqual(['Test message 901']);
  });

  it('reads a message: decoded text and the attachment list, without marking it read', async () => {
    const { outcome, deltas } = await syncAll(accountId, 'INBOX');
    const header = deltas.flatMap((delta) => delta.upserts).find((h) => h.subject === 'Quarterly report');
    expect(header?.from[0]?.name).toBe('Zoë Müller');
    const body = await client.api.fetchMessage({ accountId, path: 'INBOX', uid: header!.uid, uidValidity: outcome.cursor.uidValidity });
    expect(body.text?.trim()).toBe('Grüße aus Köln.');
    expect(body.attachments).toEqual([expect.objectContaining({ filename: 'report.pdf', mimeType: 'application/pdf', size: 13 })]);
    const raw = await client.api.fetchMessageSource({ accountId, path: 'INBOX', uid: header!.uid, uidValidity: outcome.cursor.uidValidity });
    expect(raw.truncated).toBe(false);
    expect(raw.source).toContain('Subject: Quarterly report');
    expect(raw.source).toContain('Gr=FC=DFe aus K=F6ln.');
    const flags = await dovecot.doveadm(['fetch', '-u', USER, 'flags', 'mailbox', 'INBOX', 'uid', String(header!.uid)]);
    expect(flags).not.toContain('\\Seen');
  });

  it('answers NOT_FOUND for a message that is gone, and for a stale UIDVALIDITY', async () => {
    await expect(client.api.fetchMessage({ accountId, path: 'INBOX', uid: 5, uidValidity: (await syncAll(accountId, 'INBOX')).outcome.cursor.uidValidity })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(client.api.fetchMessage({ accountId, path: 'INBOX', uid: 1, uidValidity: '1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('never wrote the password to the log', () => {
    expect(logLines.length).toBeGreaterThan(0);
    const all = logLines.join('\n');
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(Buffer.from(PASSWORD).toString('base64'));
  });

  it('removes the account with its password', async () => {
    await client.api.removeAccount({ accountId });
    expect(await client.api.listAccounts({})).toEqual([]);
    expect(await readFile(join(dataDir, 'secrets.json'), 'utf8')).not.toContain(PASSWORD);
    await expect(client.api.listMailboxes({ accountId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
