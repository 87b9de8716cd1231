/**
 * "Save as file" against a real Dovecot: a 70 MB message, too large for Tern to open, is saved whole, byte for
 * byte as the server has it, without being marked read; a small one is named after its subject (a slash in it
 * is not a folder); a folder rebuilt since the window saw the UID is refused.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageRef } from '../../shared/contract/api';
import { startPrivateDovecot, type PrivateDovecot } from '../demo/privateDovecot';
import { startSmtpRelay } from '../smtp/lmtpRelay';
import { startEngineHarness, type EngineHarness } from '../testing/engineHarness';
import { largeMessage } from '../testing/largeMessage';
import type { DownloadOffer } from './downloadOffers';

const USER = 'keeper@example.test';
const PASSWORD = 'keeper-pw';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let dovecot: PrivateDovecot;
let relay: { port: number; close(): Promise<void> };
let harness: EngineHarness;
let accountId: string;
let uidValidity: string;
const offers: DownloadOffer[] = [];
const huge = largeMessage(70 * 1024 * 1024, 'Scans of the whole archive');
const small = Buffer.from('From: Ann <ann@example.test>\r\nTo: keeper@example.test\r\nSubject: Q1/Q2 figures\r\nDate: Wed, 07 Jan 2026 10:00:00 +0000\r\n\r\nSee the figures.\r\n');

beforeAll(async () => {
  dovecot = await startPrivateDovecot({ users: [{ user: USER, password: PASSWORD }] });
  relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users: [{ user: USER, password: PASSWORD }] });
  await dovecot.saveMessage(USER, 'INBOX', huge.source);
  await dovecot.saveMessage(USER, 'INBOX', small);
  harness = await startEngineHarness({ downloads: { offer: (offer) => (offers.push(offer), `/download/${'b'.repeat(32)}`) } });
  accountId = await harness.addAccount({ dovecot, smtpPort: relay.port, user: USER, password: PASSWORD });
  await harness.sync(accountId, 'INBOX');
  uidValidity = harness.mirror.cursor(accountId, 'INBOX')!.uidValidity;
}, 120_000);

afterAll(async () => {
  await harness?.close();
  await relay?.close();
  await dovecot?.stop();
});

const ref = (uid: number): MessageRef => ({ accountId, path: 'INBOX', uid, uidValidity });

describe('saving a message as a file', () => {
  it('keeps a message too large to open whole, byte for byte, and leaves it unread', async () => {
    await expect(harness.client.api.fetchMessage(ref(1))).rejects.toMatchObject({ code: 'MESSAGE_TOO_LARGE' });
    const answer = await harness.client.api.prepareMessageDownload(ref(1));
    expect(answer).toEqual({ kind: 'download', url: `/download/${'b'.repeat(32)}`, filename: 'Scans of the whole archive.eml', size: huge.source.length });
    const saved = await readFile(offers.shift()!.file);
    expect(saved.length).toBe(huge.source.length);
    expect(sha256(saved)).toBe(sha256(huge.source));
    const flags = await dovecot.doveadm(['-f', 'tab', 'fetch', '-u', USER, 'flags', 'mailbox', 'INBOX', 'uid', '1']);
    expect(flags).not.toContain('\\Seen');
  }, 60_000);

  it('names the file after the subject, a slash in it included', async () => {
    const answer = await harness.client.api.prepareMessageDownload(ref(2));
    expect(answer).toMatchObject({ kind: 'download', filename: 'Q1-Q2 figures.eml', size: small.length });
    expect((await readFile(offers.shift()!.file)).equals(small)).toBe(true);
  });

  it('refuses a UID from before the folder was rebuilt, and a malformed reference', async () => {
    await expect(harness.client.api.prepareMessageDownload({ ...ref(2), uidValidity: '1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(harness.client.api.prepareMessageDownload({ ...ref(2), uid: -1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(offers).toHaveLength(0);
  });
});
