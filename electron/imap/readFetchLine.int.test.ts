/**
 * The FETCH lines each real server sends a sync connection (QRESYNC enabled where the server has it) for the
 * list rows and for a flag scan are all read by readFetchLine, none left to imapflow's tokenizer, and the rows
 * are what imapflow's own fetchAll makes of the same messages.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../services/logger';
import { describeOnServers } from '../testing/describeOnServers';
import { startServerUnderTest, type ServerUnderTest } from '../testing/serverUnderTest';
import { plainMessage } from '../testing/testMessages';
import { fetchByUid } from './fetchByUid';
import { openImapClient, type ImapClient } from './imapClient';
import { LIST_HEADER_FIELDS } from './listHeaderFields';

const USER = 'lines@example.test';
const PASSWORD = 'lines-pw';

await describeOnServers(['dovecot', 'dovecot-basic', 'cyrus'], 'on %s', ({ kind }) => {
  let server: ServerUnderTest;
  let client: ImapClient;
  let tokenizedFetchLines = 0;

  beforeAll(async () => {
    server = await startServerUnderTest(kind, { user: USER, password: PASSWORD });
    for (let i = 1; i <= 25; i++) await server.device.append('INBOX', plainMessage(i, i === 4 ? { subject: '=?UTF-8?B?Q2Fmw6k=?= \u00e9t\u00e9' } : {}));
    await server.device.append('INBOX', 'X-Only: nothing the list shows\r\n\r\nbody\r\n');
    await server.device.addFlags('INBOX', '1:6', ['\\Seen', '\\Flagged', '$Forwarded', 'Work']);
    await server.device.addFlags('INBOX', '3', ['\\Answered', '\\Draft']);
    client = await openImapClient({ server: { host: server.host, port: server.imapPort, security: 'none', username: USER }, password: PASSWORD, role: 'sync', log: createLogger(() => undefined) });
    // Counts what reaches imapflow's handleResponse, which starts with its tokenizer; fetchByUid wraps it later.
    const reader = client as unknown as { handleResponse: (data: { payload: Buffer }) => Promise<boolean> };
    const imapflowOwn = reader.handleResponse;
    reader.handleResponse = function (data) {
      if (/^\* \d+ FETCH /.test(data.payload.toString('latin1', 0, 40))) tokenizedFetchLines++;
      return imapflowOwn.call(this, data);
    };
    await client.mailboxOpen('INBOX', { readOnly: true });
  }, 120_000);

  afterAll(async () => {
    await client?.logout().catch(() => client.close());
    await server?.stop();
  });

  it('reads every FETCH line of the list rows and of a flag scan itself, with the rows fetchAll gives', async () => {
    tokenizedFetchLines = 0;
    const rows = await fetchByUid(client, '1:1000', { size: true, headerFields: LIST_HEADER_FIELDS });
    const flagRows = await fetchByUid(client, '1:1000', {});
    expect(tokenizedFetchLines).toBe(0);

    const expected = await client.fetchAll('1:*', { uid: true, flags: true, size: true, headers: LIST_HEADER_FIELDS }, { uid: true });
    expect(tokenizedFetchLines).toBe(26);
    expect(rows.size).toBe(26);
    expect(flagRows.size).toBe(26);
    for (const message of expected) {
      const row = rows.get(message.uid);
      expect(row?.flags, `UID ${message.uid}`).toEqual(message.flags);
      expect(flagRows.get(message.uid)?.flags, `UID ${message.uid}`).toEqual(message.flags);
      expect(row?.size, `UID ${message.uid}`).toBe(message.size);
      expect(row?.headers?.equals(message.headers!), `UID ${message.uid}`).toBe(true);
    }
    const third = [...rows.values()].find((row) => row.headers?.toString().includes('Test message 3\r'));
    expect([...(third?.flags ?? [])].filter((flag) => flag !== '\\Recent').sort()).toEqual(['$Forwarded', 'Work', '\\Answered', '\\Draft', '\\Flagged', '\\Seen']);
  });
});
