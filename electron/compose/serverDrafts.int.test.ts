/**
 * Drafts on a real Dovecot and a real Cyrus, from two devices (two engines with their own data dirs, one
 * account): every save leaves exactly one draft in Drafts (as the server lists it, read by doveadm or by an
 * independent IMAP session), whichever device saved last and whatever UID it thought it was replacing; the
 * other device reads the latest version back with its Bcc, rich body, attachment, original and half-typed
 * addresses; sending the message removes the draft, and so does discarding it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftMessage, DraftSaveOutcome } from '../../shared/contract/drafts';
import { startEngineHarness, type EngineHarness } from '../testing/engineHarness';
import { describeOnServers } from '../testing/describeOnServers';
import { startServerUnderTest, type ServerUnderTest } from '../testing/serverUnderTest';

const ALICE = { user: 'alice@example.test', password: 'wonderland' };
const BOB = { user: 'bob@example.test', password: 'builder' };

function draft(draftId: string, overrides: Partial<DraftMessage> = {}): DraftMessage {
  return { draftId, to: [{ name: 'Bob', address: BOB.user }], cc: [], bcc: [], subject: 'Plans', text: 'First thoughts', attachments: [], original: null, ...overrides };
}

const saved = (outcome: DraftSaveOutcome) => {
  if (outcome.status !== 'saved' || !outcome.location) throw new Error(`not saved: ${JSON.stringify(outcome)}`);
  return outcome.location;
};

await describeOnServers(['dovecot', 'cyrus'], 'drafts on %s', ({ kind }) => {
  let server: ServerUnderTest;
  let laptop: EngineHarness;
  let phone: EngineHarness;
  let laptopAccount: string;
  let phoneAccount: string;

  beforeAll(async () => {
    server = await startServerUnderTest(kind, ALICE);
    [laptop, phone] = await Promise.all([startEngineHarness({ pollIntervalMs: 60_000 }), startEngineHarness({ pollIntervalMs: 60_000 })]);
    laptopAccount = await laptop.addAccount({ dovecot: server, smtpPort: server.smtpPort, user: ALICE.user, password: ALICE.password });
    phoneAccount = await phone.addAccount({ dovecot: server, smtpPort: server.smtpPort, user: ALICE.user, password: ALICE.password });
  });

  afterAll(async () => {
    await Promise.all([laptop?.close(), phone?.close()]);
    await server?.stop();
  });

  /** UID, flags and Subject of every message in alice's Drafts, as the server has them. */
  const serverDrafts = async () => (await server.device.headerField('Drafts', 'subject')).map(({ uid, flags, value }) => ({ uid, flags, subject: value }));
  const isDraft = expect.arrayContaining(['\\Draft']);

  describe('one draft edited on two devices', () => {
    const draftId = randomUUID().replace(/-/g, '');

    it(`keeps exactly one version on the server, \\Draft, whoever saves`, async () => {
      const first = saved(await laptop.client.api.saveDraft({ accountId: laptopAccount, draft: draft(draftId), replaces: null }));
      expect(first.path).toBe('Drafts');
      expect(await serverDrafts()).toEqual([{ uid: first.uid, flags: isDraft, subject: 'Plans' }]);

      const second = saved(await laptop.client.api.saveDraft({ accountId: laptopAccount, draft: draft(draftId, { subject: 'Plans v2' }), replaces: first }));
      expect(second.uid).toBeGreaterThan(first.uid);
      expect(await serverDrafts()).toEqual([{ uid: second.uid, flags: isDraft, subject: 'Plans v2' }]);

      // The phone saves without knowing the laptop's UID: the draft's own header finds the old version.
      const third = saved(await phone.client.api.saveDraft({ accountId: phoneAccount, draft: draft(draftId, { subject: 'Plans v3' }), replaces: null }));
      expect(await serverDrafts()).toEqual([{ uid: third.uid, flags: isDraft, subject: 'Plans v3' }]);

      // The laptop saves again, replacing a UID that is long gone: still one.
      const fourth = saved(await laptop.client.api.saveDraft({ accountId: laptopAccount, draft: draft(draftId, { subject: 'Plans v4' }), replaces: second }));
      expect(await serverDrafts()).toEqual([{ uid: fourth.uid, flags: isDraft, subject: 'Plans v4' }]);
    });

    it(`reads back on the other device with Bcc, both bodies, the attachment and the original`, async () => {
      const bytes = Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256));
      const original = { kind: 'reply' as const, path: 'INBOX', uid: 7, uidValidity: '12345', messageId: '<orig@example.test>' };
      const location = saved(
        await laptop.client.api.saveDraft({
          accountId: laptopAccount,
          draft: draft(draftId, {
            subject: 'Re: Plans',
            bcc: [{ name: '', address: 'carol@example.test' }],
            text: 'Bold words\n\n> quoted',
            html: '<p><strong>Bold</strong> words</p><blockquote><p>quoted</p></blockquote>',
            attachments: [{ filename: 'bytes.bin', mimeType: 'application/octet-stream', contentBase64: bytes.toString('base64') }],
            original,
            // Half-typed on the laptop: not addresses yet, so not in the headers, but the phone shows them.
            unfinished: { to: 'dave@', cc: '', bcc: 'Ann Müller <ann@' },
          }),
          replaces: null,
        }),
      );
      await phone.sync(phoneAccount, 'Drafts');
      const cursor = phone.mirror.cursor(phoneAccount, 'Drafts')!;
      expect(cursor.uidValidity).toBe(location.uidValidity);
      const opened = await phone.client.api.openDraft({ accountId: phoneAccount, path: 'Drafts', uid: location.uid, uidValidity: cursor.uidValidity });
      expect(opened).toMatchObject({
        draftId,
        from: { address: ALICE.user },
        to: [{ name: 'Bob', address: BOB.user }],
        bcc: [{ name: '', address: 'carol@example.test' }],
        subject: 'Re: Plans',
        original,
        unfinished: { to: 'dave@', cc: '', bcc: 'Ann Müller <ann@' },
      });
      expect(opened.text.trim()).toBe('Bold words\n\n> quoted');
      expect(opened.html).toContain('<strong>Bold</strong>');
      expect(opened.attachments).toHaveLength(1);
      expect(Buffer.from(opened.attachments[0]!.contentBase64, 'base64').equals(bytes)).toBe(true);
      expect(await serverDrafts()).toHaveLength(1);
    });

    it(`is removed from Drafts when the message is sent, and a late save cannot bring it back`, async () => {
      const location = saved(await phone.client.api.saveDraft({ accountId: phoneAccount, draft: draft(draftId, { subject: 'Final plans' }), replaces: null }));
      const messageId = `<${randomUUID()}@example.test>`;
      const outcome = await phone.client.api.sendMessage({
        accountId: phoneAccount,
        message: { messageId, date: Date.now(), to: [{ name: 'Alice', address: ALICE.user }], cc: [], bcc: [], subject: 'Final plans', text: 'See you', attachments: [], original: null, draft: { draftId, location } },
      });
      expect(outcome).toMatchObject({ status: 'sent', notices: [] });
      // Delivered by the relay over LMTP into the server (alice wrote to herself), with the copy in Sent.
      expect((await server.device.headerField('INBOX', 'message-id')).map(({ value }) => value)).toContain(messageId);
      expect((await server.device.headerField('Sent', 'message-id')).map(({ value }) => value)).toContain(messageId);
      expect(await serverDrafts()).toEqual([]);
      await expect(phone.client.api.saveDraft({ accountId: phoneAccount, draft: draft(draftId), replaces: null })).resolves.toEqual({ status: 'closed' });
      expect(await serverDrafts()).toEqual([]);
    });
  });

  describe('discarding', () => {
    it(`removes every version, also one the discarding device never saw`, async () => {
      const draftId = randomUUID();
      saved(await laptop.client.api.saveDraft({ accountId: laptopAccount, draft: draft(draftId, { subject: 'Never mind' }), replaces: null }));
      const mine = saved(await phone.client.api.saveDraft({ accountId: phoneAccount, draft: draft(draftId, { subject: 'Never mind 2' }), replaces: null }));
      // Only this draft's versions: where the send test is skipped, the earlier draft is still there.
      const versions = async () => (await serverDrafts()).filter((row) => row.subject.startsWith('Never mind'));
      expect(await versions()).toHaveLength(1);
      await laptop.client.api.removeDraft({ accountId: laptopAccount, draftId, location: null });
      expect(await versions()).toEqual([]);
      expect(mine.uid).toBeGreaterThan(0);
    });

    it(`refuses a malformed draft id or location`, async () => {
      await expect(laptop.client.api.saveDraft({ accountId: laptopAccount, draft: draft('short'), replaces: null })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(laptop.client.api.saveDraft({ accountId: laptopAccount, draft: draft(randomUUID(), { unfinished: { to: 'x'.repeat(1001), cc: '', bcc: '' } }), replaces: null })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(
        laptop.client.api.removeDraft({ accountId: laptopAccount, draftId: randomUUID(), location: { path: 'Drafts\r\nX', uid: 1, uidValidity: '1' } }),
      ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    });
  });
});
