/**
 * The list's header rows read from a real Dovecot: decoded names and subjects from the raw header fields, and the
 * arrival time (INTERNALDATE, asked only for these) where the Date field is missing or unreadable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateDovecot, type PrivateDovecot } from '../demo/privateDovecot';
import { createLogger } from '../services/logger';
import { plainMessage } from '../testing/testMessages';
import { fetchHeaders } from './fetchHeaders';
import { openImapClient, type ImapClient } from './imapClient';

const USER = 'hal@example.test';
const PASSWORD = 'headers-pw';
let dovecot: PrivateDovecot;
let client: ImapClient;

const withoutDate = (source: string) => source.replace(/^Date: .*\r\n/m, '');

beforeAll(async () => {
  dovecot = await startPrivateDovecot({ users: [{ user: USER, password: PASSWORD }] });
  await dovecot.saveMessage(USER, 'INBOX', plainMessage(1, { date: new Date(Date.UTC(2026, 2, 3, 4, 5, 6)), from: '=?UTF-8?Q?Zo=C3=AB?= <zoe@example.test>', subject: '=?UTF-8?B?w5xiZXJzaWNodA==?=' }));
  await dovecot.saveMessage(USER, 'INBOX', withoutDate(plainMessage(2)));
  await dovecot.saveMessage(USER, 'INBOX', plainMessage(3).replace(/^Date: .*$/m, 'Date: the day before yesterday'));
  client = await openImapClient({ server: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none', username: USER }, password: PASSWORD, log: createLogger(() => undefined) });
  await client.mailboxOpen('INBOX', { readOnly: true });
}, 60_000);

afterAll(async () => {
  await client?.logout().catch(() => client.close());
  await dovecot?.stop();
});

describe('fetchHeaders', () => {
  it('decodes the fields, newest first, and falls back to the arrival time only where the Date field fails', async () => {
    const arrival = new Map<number, number>();
    for (const message of await client.fetchAll('1:*', { uid: true, internalDate: true }, { uid: true })) arrival.set(message.uid, new Date(message.internalDate!).getTime());
    const rows = await fetchHeaders(client, '1:3');
    expect(rows.map((row) => row.uid)).toEqual([3, 2, 1]);
    const [third, second, first] = rows;
    expect(first).toMatchObject({ subject: 'Übersicht', from: [{ name: 'Zoë', address: 'zoe@example.test' }], to: [{ name: 'Alice', address: 'alice@example.test' }], date: Date.UTC(2026, 2, 3, 4, 5, 6) });
    expect(first?.size).toBeGreaterThan(100);
    expect(first?.messageId).toMatch(/^<test-1-\d+@example\.test>$/);
    expect(second?.date).toBe(arrival.get(2));
    expect(third?.date).toBe(arrival.get(3));
    expect(arrival.get(2)).toBeGreaterThan(0);
  });

  it('returns nothing for UIDs that do not exist, and only the rows asked for', async () => {
    expect(await fetchHeaders(client, '50:60')).toEqual([]);
    expect((await fetchHeaders(client, [2])).map((row) => row.uid)).toEqual([2]);
  });
});
