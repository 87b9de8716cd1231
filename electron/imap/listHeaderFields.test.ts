import { describe, expect, it } from 'vitest';
import { listHeaderFields } from './listHeaderFields';

const block = (...lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8');

describe('listHeaderFields', () => {
  it('decodes encoded words in the subject and in names, and unfolds folded fields', () => {
    const fields = listHeaderFields(
      block(
        'Subject: =?UTF-8?B?w5xiZXJzaWNodA==?= and =?ISO-8859-1?Q?caf=E9?=',
        'From: =?UTF-8?Q?Zo=C3=AB_Tr=C3=A9?= <zoe@example.test>',
        'To: "Smith, Ann" <ann@example.test>,',
        ' bob@example.test',
        'Cc: Team: carol@example.test, dan@example.test;',
      ),
    );
    expect(fields.subject).toBe('Übersicht and café');
    expect(fields.from).toEqual([{ name: 'Zoë Tré', address: 'zoe@example.test' }]);
    expect(fields.to).toEqual([
      { name: 'Smith, Ann', address: 'ann@example.test' },
      { name: '', address: 'bob@example.test' },
    ]);
    // Groups are flattened to their members.
    expect(fields.cc.map((a) => a.address)).toEqual(['carol@example.test', 'dan@example.test']);
  });

  it('reads raw UTF-8 headers (RFC 6532)', () => {
    expect(listHeaderFields(block('Subject: 日本語のメール', 'From: Jürgen <j@example.test>')).subject).toBe('日本語のメール');
    expect(listHeaderFields(block('From: Jürgen <j@example.test>')).from[0]?.name).toBe('Jürgen');
  });

  it('parses dates with a trailing zone comment, and gives null for a missing or broken one', () => {
    expect(listHeaderFields(block('Date: Thu, 26 Nov 2026 10:00:00 +0000 (UTC)')).date).toBe(Date.UTC(2026, 10, 26, 10));
    expect(listHeaderFields(block('Date: Thu, 26 Nov 2026 11:00:00 +0100')).date).toBe(Date.UTC(2026, 10, 26, 10));
    expect(listHeaderFields(block('Date: sometime last week')).date).toBeNull();
    expect(listHeaderFields(block('Subject: x')).date).toBeNull();
  });

  it('picks the threading identifiers and keeps the newest 30 references', () => {
    const refs = Array.from({ length: 40 }, (_, i) => `<r${i}@example.test>`);
    const fields = listHeaderFields(
      block('Message-ID:  <m1@example.test> (comment)', 'In-Reply-To: Your message of <p@example.test>', `References: ${refs.slice(0, 20).join(' ')}`, ` ${refs.slice(20).join('\r\n ')}`),
    );
    expect(fields.messageId).toBe('<m1@example.test>');
    expect(fields.inReplyTo).toBe('<p@example.test>');
    expect(fields.references).toEqual(refs.slice(10));
  });

  it('sees multipart/mixed as a sign of attachments, whatever the case or folding', () => {
    expect(listHeaderFields(block('Content-Type: Multipart/Mixed;', ' boundary="x"')).hasAttachments).toBe(true);
    expect(listHeaderFields(block('Content-Type: multipart/alternative; boundary="x"')).hasAttachments).toBe(false);
    expect(listHeaderFields(block('Content-Type: text/plain')).hasAttachments).toBe(false);
  });

  it('uses the first of repeated fields, and survives garbage, an empty block and a missing one', () => {
    const fields = listHeaderFields(block('Subject: first', 'Subject: second', 'not a header line', 'From: <<<@@>>>'));
    expect(fields.subject).toBe('first');
    expect(Array.isArray(fields.from)).toBe(true);
    expect(listHeaderFields(undefined)).toMatchObject({ subject: '', from: [], to: [], cc: [], date: null, messageId: null, references: [] });
    expect(listHeaderFields(Buffer.alloc(0)).subject).toBe('');
  });

  it('bounds what a hostile header can put in one row', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `u${i}@example.test`).join(', ');
    const fields = listHeaderFields(block(`Subject: ${'s'.repeat(100_000)}`, `To: ${many}`));
    expect(fields.subject.length).toBeLessThanOrEqual(1000);
    expect(fields.to.length).toBeLessThanOrEqual(100);
  });
});
