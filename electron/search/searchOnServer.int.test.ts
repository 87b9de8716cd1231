/**
 * "Search the server" against a real Dovecot and a real Cyrus: each operator becomes IMAP SEARCH that finds
 * exactly the messages it should, several criteria of one kind are ANDed, non-ASCII words travel as UTF-8,
 * and the headers come back ready for the list (with the multipart/mixed attachment sign).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SearchCriteria } from '../../shared/contract/search';
import { startEngineHarness, type EngineHarness } from '../testing/engineHarness';
import { describeOnServers } from '../testing/describeOnServers';
import { startServerUnderTest } from '../testing/serverUnderTest';

const USER = 'sally@example.test';
const PASSWORD = 'search-pw';

function message(options: { from: string; to?: string; cc?: string; subject: string; body: string; day: string; attachment?: boolean }): string {
  const head = [
    `From: ${options.from}`,
    `To: ${options.to ?? USER}`,
    ...(options.cc ? [`Cc: ${options.cc}`] : []),
    // Non-ASCII as RFC 2047 words, as mail carries it: Cyrus does not search raw 8-bit header text (docs/reliability.md).
    `Subject: ${/^[\x20-\x7e]*$/.test(options.subject) ? options.subject : `=?UTF-8?B?${Buffer.from(options.subject).toString('base64')}?=`}`,
    `Date: ${new Date(`${options.day}T12:00:00Z`).toUTCString()}`,
    `Message-ID: <${options.day}.${options.subject.length}@example.test>`,
    'MIME-Version: 1.0',
  ];
  if (!options.attachment) return [...head, 'Content-Type: text/plain; charset=utf-8', '', options.body, ''].join('\r\n');
  return [
    ...head,
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.body,
    '--b1',
    'Content-Type: application/pdf; name="q1.pdf"',
    'Content-Disposition: attachment; filename="q1.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    'JVBERi0xLjQK',
    '--b1--',
    '',
  ].join('\r\n');
}

const MAIL = [
  { from: 'Alice <alice@example.test>', subject: 'Quarterly report', body: 'The numbers are attached.', day: '2026-03-10', attachment: true },
  { from: 'Bob <bob@example.test>', subject: 'Résumé for review', body: 'See my CV.', day: '2026-03-12' },
  { from: 'Carol <carol@example.test>', to: 'Bob <bob@example.test>', cc: 'Dave <dave@example.test>', subject: 'Lunch?', body: 'Pizza at noon.', day: '2026-03-14' },
  { from: 'Reports <noreply@example.test>', subject: 'Weekly report', body: 'Automated.', day: '2026-03-15' },
];

const none: SearchCriteria = { words: [], notWords: [], from: [], to: [], subject: [], notFrom: [], notTo: [], notSubject: [], tags: [], unread: null, flagged: null, before: null, after: null };

await describeOnServers(['dovecot', 'cyrus'], 'searchOnServer on %s', ({ kind }) => {
  let harness: EngineHarness;
  let accountId: string;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    const server = await startServerUnderTest(kind, { user: USER, password: PASSWORD });
    cleanups.push(() => server.stop());
    for (const mail of MAIL) await server.device.append('INBOX', message(mail));
    await server.device.addFlags('INBOX', '2', ['\\Flagged']);
    await server.device.addFlags('INBOX', '3', ['\\Seen']);
    await server.device.addFlags('INBOX', '1,4', ['project-x']);
    harness = await startEngineHarness({ pollIntervalMs: 60_000 });
    cleanups.push(() => harness.close());
    accountId = await harness.addAccount({ dovecot: server, smtpPort: server.smtpPort, user: USER, password: PASSWORD });
  });

  afterAll(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });

  const subjects = async (criteria: Partial<SearchCriteria>) => {
    const result = await harness.client.api.searchOnServer({ accountId, path: 'INBOX', criteria: { ...none, ...criteria } });
    expect(result.total).toBe(result.headers.length);
    return result.headers.map((header) => header.subject).sort();
  };

  it(`finds words anywhere, and ANDs several`, async () => {
    expect(await subjects({ words: ['report'] })).toEqual(['Quarterly report', 'Weekly report']);
    expect(await subjects({ words: ['report', 'quarterly'] })).toEqual(['Quarterly report']);
    expect(await subjects({ words: ['pizza'] })).toEqual(['Lunch?']);
    expect(await subjects({ words: ['Résumé'] })).toEqual(['Résumé for review']);
    expect(await subjects({ words: ['report'], notWords: ['weekly'] })).toEqual(['Quarterly report']);
  });

  it(`keeps field operators to their fields; to: covers Cc`, async () => {
    expect(await subjects({ from: ['alice'] })).toEqual(['Quarterly report']);
    expect(await subjects({ to: ['dave'] })).toEqual(['Lunch?']);
    expect(await subjects({ to: ['bob'], from: ['carol'] })).toEqual(['Lunch?']);
    expect(await subjects({ subject: ['report'], notFrom: ['noreply'] })).toEqual(['Quarterly report']);
    expect(await subjects({ notTo: ['dave'], notSubject: ['report'] })).toEqual(['Résumé for review']);
  });

  it(`filters by flags and dates (after: inclusive, before: exclusive)`, async () => {
    expect(await subjects({ flagged: true })).toEqual(['Résumé for review']);
    expect(await subjects({ unread: false })).toEqual(['Lunch?']);
    expect(await subjects({ unread: true, flagged: false })).toEqual(['Quarterly report', 'Weekly report']);
    expect(await subjects({ after: '2026-03-12', before: '2026-03-15' })).toEqual(['Lunch?', 'Résumé for review']);
    expect(await subjects({ tags: ['project-x'], unread: true })).toEqual(['Quarterly report', 'Weekly report']);
  });

  it(`answers headers ready for the list, with the attachment sign`, async () => {
    const result = await harness.client.api.searchOnServer({ accountId, path: 'INBOX', criteria: { ...none, words: ['report'] } });
    expect(result.uidValidity).toMatch(/^\d+$/);
    const quarterly = result.headers.find((header) => header.subject === 'Quarterly report');
    expect(quarterly).toMatchObject({ uid: 1, hasAttachments: true, from: [{ name: 'Alice', address: 'alice@example.test' }] });
    expect(result.headers.find((header) => header.subject === 'Weekly report')?.hasAttachments).toBe(false);
  });

  it(`refuses criteria that could break the command`, async () => {
    await expect(harness.client.api.searchOnServer({ accountId, path: 'INBOX', criteria: { ...none, words: ['a\r\nA1 LOGOUT'] } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(harness.client.api.searchOnServer({ accountId, path: 'INBOX', criteria: { ...none, before: 'yesterday' } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
