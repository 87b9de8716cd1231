import { describe, expect, it } from 'vitest';
import { headerFields } from './headerFields';

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
});
