import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountStatus } from '../../shared/contract/accounts';
import type { OutgoingMessage, SendOutcome } from '../../shared/contract/compose';
import { TernError } from '../../shared/contract/errors';
import type { TernClient } from '../../shared/ipc/createClient';
import { openTernDb, type TernDb } from '../cache/db';
import { Outbox, type OutboxHost } from './outbox';

const sent = (messageId: string, alreadySent = false): SendOutcome => ({
  status: 'sent', messageId, alreadySent, accepted: ['bob@example.test'], refused: [], sentCopy: 'saved', originalMarked: true, notices: [],
});

/** Main stand-in: remembers the Message-IDs it sent, like the sent log, and answers as the test says. */
function fakeMain(answer: (message: OutgoingMessage, call: number) => Promise<SendOutcome> | SendOutcome = (m) => sent(m.messageId)) {
  const calls: OutgoingMessage[] = [];
  const delivered = new Set<string>();
  const statusHandlers = new Set<(status: AccountStatus) => void>();
  const client = {
    api: {
      sendMessage: async ({ message }: { accountId: string; message: OutgoingMessage }) => {
        calls.push(message);
        if (delivered.has(message.messageId)) return sent(message.messageId, true);
        const outcome = await answer(message, calls.length);
        if (outcome.status === 'sent') delivered.add(message.messageId);
        return outcome;
      },
    },
    on: (name: string, handler: (status: AccountStatus) => void) => {
      if (name === 'accountStatusChanged') statusHandlers.add(handler);
      return () => statusHandlers.delete(handler);
    },
  } as unknown as TernClient;
  const status = (accountId: string, state: AccountStatus['state']) =>
    statusHandlers.forEach((handler) => handler({ accountId, state, error: null, retryAt: null, capabilities: [], lastSyncedAt: null }));
  return { client, calls, delivered, status };
}

function host() {
  const synced: string[] = [];
  const errors: string[] = [];
  const value: OutboxHost = {
    syncMailbox: async (_accountId, path) => void synced.push(path),
    reportError: (error) => void errors.push((error as Error).message),
  };
  return { value, synced, errors };
}

const message = (n: number, overrides: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  messageId: `<m${n}@example.test>`,
  date: 1_767_600_000_000,
  to: [{ name: 'Bob', address: 'bob@example.test' }],
  cc: [],
  bcc: [],
  subject: `Message ${n}`,
  text: 'hi',
  attachments: [],
  original: null,
  ...overrides,
});

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

let db: TernDb;
let n = 0;
const outboxes: Outbox[] = [];
beforeEach(() => {
  db = openTernDb(`outbox-${n++}`);
});
afterEach(async () => {
  outboxes.splice(0).forEach((outbox) => outbox.stop());
  await db.delete();
});

function outbox(client: TernClient, h = host().value, options: ConstructorParameters<typeof Outbox>[3] = {}) {
  const created = new Outbox(client, db, h, { undoDelayMs: 30, retryDelaysMs: [40], ...options });
  outboxes.push(created);
  return created;
}

describe('Outbox', () => {
  it('keeps a message during the undo delay, then sends it once and forgets it', async () => {
    const main = fakeMain();
    const box = outbox(main.client);
    await box.start();
    await box.send('a', message(1));
    expect((await db.outbox.toArray()).map((row) => row.state)).toEqual(['waiting']);
    expect(main.calls).toHaveLength(0);
    await until(async () => (await db.outbox.count()) === 0);
    expect(main.calls.map((m) => m.messageId)).toEqual(['<m1@example.test>']);
  });

  it('Undo takes the message back before it goes, with its Message-ID', async () => {
    const main = fakeMain();
    const box = outbox(main.client, undefined, { undoDelayMs: 200 });
    await box.start();
    const id = await box.send('a', message(2));
    const row = await box.takeBack(id);
    expect(row?.message.messageId).toBe('<m2@example.test>');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(main.calls).toHaveLength(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('retries after a temporary failure and sends exactly once', async () => {
    let down = true;
    const main = fakeMain((m) => (down ? { status: 'retryLater', code: 'HOST_UNREACHABLE', reason: 'offline' } : sent(m.messageId)));
    const box = outbox(main.client, undefined, { retryDelaysMs: [60_000] });
    await box.start();
    await box.send('a', message(3), 0);
    await until(async () => (await db.outbox.toArray())[0]?.state === 'queued');
    const [row] = await db.outbox.toArray();
    expect(row).toMatchObject({ state: 'queued', attempts: 1, error: { code: 'HOST_UNREACHABLE', message: 'offline' } });
    expect(row!.sendAfter).toBeGreaterThan(Date.now() + 50_000);

    // The account comes back: the message goes now, not in a minute.
    down = false;
    main.status('a', 'offline');
    main.status('a', 'online');
    await until(async () => (await db.outbox.count()) === 0);
    expect(main.calls.map((m) => m.messageId)).toEqual(['<m3@example.test>', '<m3@example.test>']);
    expect(main.delivered.size).toBe(1);
  });

  it('treats a lost engine connection as temporary', async () => {
    const main = fakeMain((m, call) => {
      if (call === 1) throw new TernError('DISCONNECTED', 'engine gone');
      return sent(m.messageId);
    });
    const box = outbox(main.client);
    await box.start();
    await box.send('a', message(4), 0);
    await until(async () => (await db.outbox.count()) === 0);
    expect(main.calls).toHaveLength(2);
  });

  it('keeps a refused message as failed, with the reason, until the user edits or discards it', async () => {
    const main = fakeMain(() => ({ status: 'refused', code: 'RECIPIENT_REJECTED', reason: '550 no such user', refused: [{ address: 'x@example.test', reason: '550 no such user' }] }));
    const box = outbox(main.client);
    await box.start();
    const id = await box.send('a', message(5), 0);
    await until(async () => (await db.outbox.get(id))?.state === 'failed');
    expect(await db.outbox.get(id)).toMatchObject({ error: { code: 'RECIPIENT_REJECTED', message: '550 no such user' } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(main.calls).toHaveLength(1); // not retried on its own
    const row = await box.takeBack(id);
    expect(row?.message.subject).toBe('Message 5');
    expect(await db.outbox.count()).toBe(0);
  });

  it('returns a refused message to Drafts on the server, replacing its draft', async () => {
    const main = fakeMain(() => ({ status: 'refused', code: 'MESSAGE_TOO_LARGE', reason: 'too large', refused: [] }));
    const saves: unknown[] = [];
    (main.client.api as unknown as Record<string, unknown>).saveDraft = async (args: unknown) => {
      saves.push(args);
      return { status: 'saved', location: { path: 'Drafts', uid: 9, uidValidity: '1' }, removed: 1 };
    };
    const box = outbox(main.client);
    await box.start();
    const draft = { draftId: 'd0000000000000000000000000000007', location: { path: 'Drafts', uid: 4, uidValidity: '1' } };
    const id = await box.send('a', message(7, { draft }), 0);
    await until(async () => (await db.outbox.get(id))?.message.draft?.location?.uid === 9);
    expect(saves).toEqual([
      { accountId: 'a', replaces: draft.location, draft: expect.objectContaining({ draftId: draft.draftId, subject: 'Message 7', text: 'hi', to: [{ name: 'Bob', address: 'bob@example.test' }] }) },
    ]);
    expect(await db.outbox.get(id)).toMatchObject({ state: 'failed', error: { code: 'MESSAGE_TOO_LARGE' } });
  });

  it('after a crash mid-send, sends again with the same Message-ID and main answers “already sent”', async () => {
    const main = fakeMain();
    main.delivered.add('<m6@example.test>'); // it did go out before the window died
    await db.outbox.add({ accountId: 'a', state: 'sending', message: message(6), createdAt: 1, sendAfter: 1, attempts: 1, error: null });
    const box = outbox(main.client);
    await box.start();
    await until(async () => (await db.outbox.count()) === 0);
    expect(main.calls.map((m) => m.messageId)).toEqual(['<m6@example.test>']);
    expect(main.delivered.size).toBe(1);
  });

  it('lets only one of two windows take a message', async () => {
    const main = fakeMain(async (m) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return sent(m.messageId);
    });
    const first = outbox(main.client);
    const second = outbox(main.client);
    await Promise.all([first.start(), second.start()]);
    await first.send('a', message(7), 0);
    await Promise.all([first.flushDue(), second.flushDue(), first.flushDue()]);
    await until(async () => (await db.outbox.count()) === 0);
    expect(main.calls).toHaveLength(1);
  });

  it('sends each account’s messages in order, and follows the folders a reply changed', async () => {
    const main = fakeMain();
    const h = host();
    const box = outbox(main.client, h.value);
    await box.start();
    await db.mailboxes.put({ accountId: 'a', path: 'Sent', name: 'Sent', delimiter: '/', parentPath: null, specialUse: 'sent', subscribed: true, selectable: true, messages: 0, unseen: 0 });
    await db.cursors.put({ accountId: 'a', path: 'Sent', uidValidity: '1', uidNext: 1, highestModseq: null });
    await box.send('a', message(8), 10);
    await box.send('a', message(9, { original: { kind: 'reply', path: 'INBOX', uid: 3, uidValidity: '1', messageId: '<o@x>' } }), 10);
    await until(async () => (await db.outbox.count()) === 0);
    expect(main.calls.map((m) => m.messageId)).toEqual(['<m8@example.test>', '<m9@example.test>']);
    await until(() => h.synced.includes('INBOX'));
    expect(h.synced).toContain('Sent');
  });

  it('tells the user what did not go as planned after sending', async () => {
    const main = fakeMain((m) => ({ ...sent(m.messageId), refused: [{ address: 'ghost@example.test', reason: '550' }], notices: ['Not delivered to ghost@example.test: 550'] }));
    const h = host();
    const box = outbox(main.client, h.value);
    await box.start();
    await box.send('a', message(10), 0);
    await until(() => h.errors.length > 0);
    expect(h.errors[0]).toBe('“Message 10”: Not delivered to ghost@example.test: 550');
  });
});
