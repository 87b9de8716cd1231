/**
 * Rows read straight from the parsed response against a real Dovecot: item for item what imapflow's own fetchAll
 * makes of the same command (list rows, and FLAGS alone), for messages with system flags, keywords, no listed
 * field at all, and 8-bit header bytes, and nothing for UIDs that were not asked for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateDovecot, type PrivateDovecot } from '../demo/privateDovecot';
import { createLogger } from '../services/logger';
import { plainMessage } from '../testing/testMessages';
import { fetchByUid } from './fetchByUid';
import { fetchFlags } from './fetchFlags';
import { openImapClient, type ImapClient } from './imapClient';
import { LIST_HEADER_FIELDS } from './listHeaderFields';

const USER = 'blocks@example.test';
const PASSWORD = 'blocks-pw';
let dovecot: PrivateDovecot;
let client: ImapClient;

beforeAll(async () => {
  dovecot = await startPrivateDovecot({ users: [{ user: USER, password: PASSWORD }] });
  await dovecot.saveMessage(USER, 'INBOX', plainMessage(1, { subject: 'plain' }));
  await dovecot.saveMessage(USER, 'INBOX', 'X-Only: nothing the list shows\r\n\r\nbody\r\n');
  await dovecot.saveMessage(USER, 'INBOX', Buffer.concat([Buffer.from('Subject: caf'), Buffer.from([0xc3, 0xa9]), Buffer.from(' \xff\r\nFrom: b@example.test\r\n\r\nbody\r\n', 'latin1')]));
  for (let i = 4; i <= 40; i++) await dovecot.saveMessage(USER, 'INBOX', plainMessage(i));
  await dovecot.doveadm(['flags', 'add', '-u', USER, '\\Seen \\Flagged $Forwarded Work', 'mailbox', 'INBOX', 'uid', '1:5']);
  await dovecot.doveadm(['flags', 'add', '-u', USER, '\\Answered', 'mailbox', 'INBOX', 'uid', '3']);
  client = await openImapClient({ server: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none', username: USER }, password: PASSWORD, log: createLogger(() => undefined) });
  await client.mailboxOpen('INBOX', { readOnly: true });
}, 60_000);

afterAll(async () => {
  await client?.logout().catch(() => client.close());
  await dovecot?.stop();
});

describe('fetchByUid', () => {
  it('gives what imapflow’s fetchAll gives for the same items', async () => {
    const expected = await client.fetchAll('1:40', { uid: true, flags: true, size: true, headers: LIST_HEADER_FIELDS }, { uid: true });
    const blocks = await fetchByUid(client, '1:40', { size: true, headerFields: LIST_HEADER_FIELDS });
    expect(expected).toHaveLength(40);
    expect(blocks.size).toBe(40);
    for (const message of expected) {
      const block = blocks.get(message.uid);
      expect(block, `UID ${message.uid}`).toBeDefined();
      expect(block!.flags).toEqual(message.flags);
      expect(block!.size).toBe(message.size);
      expect(block!.headers?.equals(message.headers!), `UID ${message.uid}`).toBe(true);
    }
    // \Recent too: this is the first session to see them.
    expect([...blocks.get(3)!.flags!].sort()).toEqual(['$Forwarded', 'Work', '\\Answered', '\\Flagged', '\\Recent', '\\Seen']);
    expect(blocks.get(3)!.headers!.includes(Buffer.from([0xc3, 0xa9]))).toBe(true);
    expect(blocks.get(2)!.headers!.toString().trim()).toBe('');
    expect(blocks.get(1)!.headers!.toString()).toMatch(/^Subject: plain\r$/m);
  });

  it('returns only the UIDs asked for, and nothing for UIDs that do not exist', async () => {
    const wanted = { size: true, headerFields: LIST_HEADER_FIELDS };
    expect([...(await fetchByUid(client, '2,7,39:45', wanted)).keys()].sort((a, b) => a - b)).toEqual([2, 7, 39, 40]);
    expect((await fetchByUid(client, '100:200', wanted)).size).toBe(0);
  });

  it('FLAGS alone (a server without CONDSTORE): what fetchAll gives, and no other item', async () => {
    const expected = await client.fetchAll('1:40', { uid: true, flags: true }, { uid: true });
    const rows = await fetchByUid(client, '1:40', {});
    expect(rows.size).toBe(40);
    for (const message of expected) expect(rows.get(message.uid)?.flags, `UID ${message.uid}`).toEqual(message.flags);
    expect([...rows.values()].every((row) => row.size === undefined && row.headers === undefined)).toBe(true);
    const updates = await fetchFlags(client, '3,5,38:50', null);
    expect(updates.map(({ uid }) => uid).sort((a, b) => a - b)).toEqual([3, 5, 38, 39, 40]);
    // \Recent is this session's, never cached.
    expect(updates.find(({ uid }) => uid === 3)?.flags.sort()).toEqual(['$Forwarded', 'Work', '\\Answered', '\\Flagged', '\\Seen']);
  });
});
