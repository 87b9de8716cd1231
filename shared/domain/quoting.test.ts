import { describe, expect, it } from 'vitest';
import { buildReferences, defaultDateFormatter, forwardBody, forwardSubject, isMessageId, parseMessageIds, quoteLines, replyAttribution, replyBody, replySubject } from './quoting';

const formatDate = defaultDateFormatter('en-GB', 'UTC');
const original = {
  from: [{ name: 'Zoë Müller', address: 'zoe@example.test' }],
  to: [{ name: 'Alice', address: 'alice@example.test' }],
  cc: [{ name: '', address: 'bob@example.test' }],
  subject: 'Plans',
  date: Date.UTC(2026, 0, 5, 10, 0),
  text: 'Hello,\r\n\r\n> earlier\r\nsee you\r\n',
};

describe('subjects', () => {
  it('adds one Re: or Fwd: and never stacks them', () => {
    expect(replySubject('Plans')).toBe('Re: Plans');
    expect(replySubject('Re: Plans')).toBe('Re: Plans');
    expect(replySubject('RE: Plans')).toBe('Re: Plans');
    expect(replySubject('AW: Plans')).toBe('Re: Plans');
    expect(replySubject('Re[2]: Plans')).toBe('Re: Plans');
    expect(replySubject('')).toBe('Re:');
    expect(forwardSubject('Plans')).toBe('Fwd: Plans');
    expect(forwardSubject('FW: Plans')).toBe('Fwd: Plans');
    expect(forwardSubject('Fwd: Plans')).toBe('Fwd: Plans');
    expect(forwardSubject('Re: Plans')).toBe('Fwd: Re: Plans');
  });
});

describe('quoting', () => {
  it('prefixes every line, keeping nested quotes tight', () => {
    expect(quoteLines('Hello,\r\n\r\n> earlier\r\nsee you\r\n')).toBe('> Hello,\n>\n>> earlier\n> see you');
  });

  it('starts a reply with room to write, the attribution and the quote', () => {
    expect(replyAttribution(original, formatDate)).toBe('On 5 Jan 2026, 10:00, Zoë Müller <zoe@example.test> wrote:');
    expect(replyBody(original, formatDate)).toBe('\n\nOn 5 Jan 2026, 10:00, Zoë Müller <zoe@example.test> wrote:\n> Hello,\n>\n>> earlier\n> see you\n');
    expect(replyBody({ ...original, text: null }, formatDate)).toMatch(/wrote:\n>\n$/);
  });

  it('forwards the original with its headers, unquoted', () => {
    expect(forwardBody(original, formatDate)).toBe(
      [
        '',
        '',
        '---------- Forwarded message ----------',
        'From: Zoë Müller <zoe@example.test>',
        'Date: 5 Jan 2026, 10:00',
        'Subject: Plans',
        'To: Alice <alice@example.test>',
        'Cc: bob@example.test',
        '',
        'Hello,\n\n> earlier\nsee you',
        '',
      ].join('\n'),
    );
  });
});

describe('threading', () => {
  it('reads message ids out of a header, skipping junk', () => {
    expect(parseMessageIds('<a@x> (comment) <b@y>\r\n <c@z> junk <no-at> <d e@f>')).toEqual(['<a@x>', '<b@y>', '<c@z>']);
    expect(parseMessageIds(undefined)).toEqual([]);
    expect(isMessageId('<a@x>')).toBe(true);
    expect(isMessageId('<a@x>\r\nBcc: v@evil.test')).toBe(false);
    expect(isMessageId('<a<b@x>')).toBe(false);
  });

  it('builds References from the original’s References and Message-ID', () => {
    expect(buildReferences({ messageId: '<3@x>', references: ['<1@x>', '<2@x>'] })).toEqual(['<1@x>', '<2@x>', '<3@x>']);
    expect(buildReferences({ messageId: '<3@x>', references: [] })).toEqual(['<3@x>']);
    expect(buildReferences({ messageId: '<3@x>', references: [], inReplyTo: ['<2@x>'] })).toEqual(['<2@x>', '<3@x>']);
    expect(buildReferences({ messageId: null, references: ['<1@x>'] })).toEqual(['<1@x>']);
    expect(buildReferences({ messageId: '<2@x>', references: ['<1@x>', '<2@x>'] })).toEqual(['<1@x>', '<2@x>']);
  });

  it('keeps the root and the newest ids of a long chain', () => {
    const chain = Array.from({ length: 30 }, (_, i) => `<${i}@x>`);
    const built = buildReferences({ messageId: '<30@x>', references: chain });
    expect(built).toHaveLength(20);
    expect(built[0]).toBe('<0@x>');
    expect(built.at(-1)).toBe('<30@x>');
    expect(built[1]).toBe('<12@x>');
  });
});
