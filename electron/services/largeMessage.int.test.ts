/**
 * A ~50 MB message (a 50 MB attachment as sent) opened through the engine from a real Dovecot: the source is
 * streamed to a file and parsed in the MIME worker, so the engine's event loop stays responsive throughout
 * (bounded generously here, as this machine's two cores are shared; the real figures are printed and kept
 * in docs/benchmarks.md). Its attachments then come from that file: even with the message gone from the
 * server, the small one is extracted and the big one refused by its size, not downloaded again.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageRef } from '../../shared/contract/api';
import { startPrivateDovecot, type PrivateDovecot } from '../demo/privateDovecot';
import { startSmtpRelay } from '../smtp/lmtpRelay';
import { startEngineHarness, type EngineHarness } from '../testing/engineHarness';
import { largeMessage, NOTES_TEXT } from '../testing/largeMessage';
import { measureResponsiveness } from '../testing/loopResponsiveness';

const USER = 'alice@example.test';
const PASSWORD = 'large-message-pw';

let dovecot: PrivateDovecot;
let relay: { port: number; close(): Promise<void> };
let harness: EngineHarness;
let ref: MessageRef;
const message = largeMessage(50 * 1024 * 1024);

beforeAll(async () => {
  dovecot = await startPrivateDovecot({ users: [{ user: USER, password: PASSWORD }] });
  relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users: [{ user: USER, password: PASSWORD }] });
  await dovecot.saveMessage(USER, 'INBOX', message.source);
  harness = await startEngineHarness();
  const accountId = await harness.addAccount({ dovecot, smtpPort: relay.port, user: USER, password: PASSWORD });
  await harness.sync(accountId, 'INBOX');
  const cursor = harness.mirror.cursor(accountId, 'INBOX');
  ref = { accountId, path: 'INBOX', uid: (cursor?.uidNext ?? 2) - 1, uidValidity: cursor?.uidValidity ?? '' };
}, 120_000);

afterAll(async () => {
  await harness?.close();
  await relay?.close();
  await dovecot?.stop();
});

describe('a 50 MB message', () => {
  it('opens with the engine event loop responsive the whole time', async () => {
    const measured = await measureResponsiveness(() => harness.client.api.fetchMessage(ref));
    process.stdout.write(`[large message] opened ${(message.source.length / 1048576).toFixed(1)} MB in ${measured.ms.toFixed(0)} ms; loop delay max ${measured.loopMaxMs.toFixed(1)} ms, p99 ${measured.loopP99Ms.toFixed(1)} ms; RSS peak rise ${measured.rssPeakRiseMiB.toFixed(0)} MiB\n`);
    const body = measured.result;
    expect(body.notice).toBeNull();
    expect(body.text).toContain('The text of A very large message.');
    expect(body.html).toContain('<h1>A very large message</h1>');
    expect(body.attachments.map(({ filename }) => filename)).toEqual(['notes.txt', 'big.bin']);
    expect(body.attachments[1]?.size).toBe(message.attachmentBytes);
    // Parsing in-thread stalled this loop for 1.4–1.7 s on a quiet machine. Quiet, this gives max ~25 ms; with
    // other test runs on the two cores, single samples of 100–350 ms (the thread waiting for a core) were seen.
    expect(measured.loopP99Ms).toBeLessThan(200);
    expect(measured.loopMaxMs).toBeLessThan(1000);
    // The source is on disk, in the engine's data dir, not in memory.
    const kept = await readdir(join(harness.dataDir, 'message-sources'));
    expect(kept.filter((name) => name.endsWith('.eml'))).toHaveLength(1);
  }, 60_000);

  it('serves its attachments from the kept source, even once the message is gone from the server', async () => {
    await dovecot.doveadm(['expunge', '-u', USER, 'mailbox', 'INBOX', 'all']);
    const notes = await harness.client.api.fetchAttachment({ ...ref, index: 0 });
    expect(notes).toMatchObject({ filename: 'notes.txt', mimeType: 'text/plain' });
    expect(Buffer.from(notes.contentBase64, 'base64').toString().trimEnd()).toBe(NOTES_TEXT);
    await expect(harness.client.api.fetchAttachment({ ...ref, index: 1 })).rejects.toMatchObject({ code: 'MESSAGE_TOO_LARGE', message: expect.stringMatching(/more than Tern saves or opens \(25 MB\)/) });
    const source = await harness.client.api.fetchMessageSource(ref);
    expect(source.truncated).toBe(true);
    expect(source.source.startsWith('From: Big Sender <big@example.test>')).toBe(true);
  }, 60_000);
});
