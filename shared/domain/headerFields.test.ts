import { describe, expect, it } from 'vitest';
import { firstFieldValues, headerFields } from './headerFields';

describe('headerFields', () => {
  it('splits the header block into fields, unfolding continuation lines, and stops at the body', () => {
    const source = 'Received: from a\r\n\tby b; Thu, 1 Jan 2026\r\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\nX-Empty:\r\n\r\nBody: not a header\r\n';
    expect(headerFields(source)).toEqual([
      { name: 'Received', value: 'from a by b; Thu, 1 Jan 2026' },
      { name: 'Subject', value: '=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=' },
      { name: 'X-Empty', value: '' },
    ]);
  });

  it('keeps lines that are not fields, and takes bare LF', () => {
    expect(headerFields('garbage line\nFrom: a@b\n\nbody')).toEqual([
      { name: '', value: 'garbage line' },
      { name: 'From', value: 'a@b' },
    ]);
  });

  it('gives the first value of each field by lower-cased name, unfolded, ignoring non-fields and the body', () => {
    const values = firstFieldValues('Subject: first\r\nSUBJECT: second\r\nReferences: <a@x>\r\n <b@x>\r\ngarbage\r\n\r\nFrom: body@x');
    expect([...values]).toEqual([
      ['subject', 'first'],
      ['references', '<a@x> <b@x>'],
    ]);
  });
});
