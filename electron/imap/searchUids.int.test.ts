/**
 * The UID list a sync diffs against, read from a real Dovecot: with ESEARCH a sequence set crosses the wire
 * instead of one number per message, and both paths give exactly the UIDs doveadm sees (holes included).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateDovecot, type PrivateDovecot } from '../demo/privateDovecot';
import { createLogger } from '../services/logger';
import { serverSnapshot } from '../testing/cacheMirror';
import { startRecordingProxy, type RecordingProxy } from '../testing/recordingProxy';
import { plainMessage } from '../testing/testMessages';
import { openImapClient, type ImapClient } from './imapClient';
import { searchUids } from './searchUids';

const USER = 'sam@example.test';
const PASSWORD = 'search-pw';
let dovecot: PrivateDovecot;
let proxy: RecordingProxy;
let client: ImapClient;
let expected: number[];

beforeAll(async () => {
  dovecot = await startPrivateDovecot({ users: [{ user: USER, password: PASSWORD }] });
  for (let i = 1; i <= 400; i++) await dovecot.saveMessage(USER, 'INBOX', plainMessage(i));
  // Holes, as a real mailbox has them: every seventh message and a run in the middle expunged elsewhere.
  await dovecot.doveadm(['expunge', '-u', USER, 'mailbox', 'INBOX', 'uid', '200:250']);
  for (let uid = 7; uid <= 400; uid += 7) await dovecot.doveadm(['expunge', '-u', USER, 'mailbox', 'INBOX', 'uid', String(uid)]);
  expected = (await serverSnapshot(dovecot, USER, 'INBOX')).map((row) => Number(row.split(':')[0]));
  proxy = await startRecordingProxy(dovecot.imapPort);
  client = await openImapClient({ server: { host: '127.0.0.1', port: proxy.port, security: 'none', username: USER }, password: PASSWORD, log: createLogger(() => undefined) });
  await client.mailboxOpen('INBOX', { readOnly: true });
}, 60_000);

afterAll(async () => {
  await client?.logout().catch(() => client.close());
  await proxy?.close();
  await dovecot?.stop();
});

async function searchRecorded(fromUid?: number): Promise<{ uids: number[]; sent: string; received: number }> {
  const [sentBefore, receivedBefore] = [proxy.clientBytes().length, proxy.serverBytes().length];
  const uids = await searchUids(client, fromUid);
  return { uids, sent: proxy.clientBytes().slice(sentBefore), received: proxy.serverBytes().length - receivedBefore };
}

describe('listing the UIDs of a folder', () => {
  it('uses ESEARCH on Dovecot: a sequence set, exactly the UIDs doveadm sees', async () => {
    expect(client.capabilities.has('ESEARCH')).toBe(true);
    expect(expected.length).toBeGreaterThan(290);
    const all = await searchRecorded();
    expect(all.sent).toMatch(/UID SEARCH RETURN \(ALL\) ALL/i);
    expect(all.uids).toEqual(expected);
    // 300-odd UIDs with 57 holes, as ranges: well under the ~1.4 KB a plain SEARCH answer takes.
    expect(all.received).toBeLessThan(700);
    const tail = await searchRecorded(300);
    expect(tail.uids).toEqual(expected.filter((uid) => uid >= 300));
    // Above the highest UID: `n:*` names the highest, which is not asked for.
    expect((await searchRecorded(401)).uids).toEqual([]);
  });

  it('gives the same UIDs with plain SEARCH, for servers without ESEARCH', async () => {
    client.capabilities.delete('ESEARCH');
    try {
      const all = await searchRecorded();
      expect(all.sent).not.toMatch(/RETURN/i);
      expect(all.uids).toEqual(expected);
      expect((await searchRecorded(300)).uids).toEqual(expected.filter((uid) => uid >= 300));
    } finally {
      client.capabilities.set('ESEARCH', true);
    }
  });
});
