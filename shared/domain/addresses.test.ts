import { describe, expect, it } from 'vitest';
import { asciiAddress, checkAddress, formatAddressForField, formatAddressList, parseAddressList, replyRecipients, sameAddress } from './addresses';

const ok = (input: string) => {
  const result = parseAddressList(input);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(input)} to parse: ${result.error}`);
  return result.addresses;
};
const error = (input: string) => {
  const result = parseAddressList(input);
  if (result.ok) throw new Error(`expected ${JSON.stringify(input)} to be refused, got ${JSON.stringify(result.addresses)}`);
  return result.error;
};

describe('the rerouting strings from security.md', () => {
  it('refuses a line break that would smuggle in a Bcc header (typed or structured)', () => {
    const smuggled = 'b@example.com\r\nBcc: victim@evil.test';
    expect(error(smuggled)).toMatch(/line break/);
    expect(error('b@example.com\nBcc: victim@evil.test')).toMatch(/line break/);
    expect(checkAddress({ name: '', address: smuggled })).toMatchObject({ ok: false, error: expect.stringMatching(/line break/) });
    expect(checkAddress({ name: 'Bob\r\nBcc: victim@evil.test', address: 'b@example.com' })).toMatchObject({ ok: false, error: expect.stringMatching(/line break/) });
  });

  it('refuses a second address smuggled into one structured address', () => {
    expect(checkAddress({ address: 'b@example.com, v@evil.test' })).toEqual({ ok: false, error: '“b@example.com, v@evil.test” is not one email address.' });
    expect(checkAddress({ name: 'B', address: 'b@example.com <v@evil.test>' })).toMatchObject({ ok: false });
    expect(checkAddress({ name: 'B', address: 'b@example.com;v@evil.test' })).toMatchObject({ ok: false });
    expect(checkAddress({ name: 'B', address: 'undisclosed:b@example.com;' })).toMatchObject({ ok: false });
  });

  it('refuses groups, NUL and a second address in one entry of a typed field', () => {
    expect(error('Friends: a@example.com, b@example.com;')).toMatch(/address group/);
    expect(error('undisclosed-recipients:;')).toMatch(/address group/);
    expect(error('a@example.com\0b@example.com')).toMatch(/line break/);
    expect(error('Bob <b@example.com> <v@evil.test>')).toMatch(/more than one address/);
    expect(error('Bob <b@example.com> v@evil.test')).toMatch(/text after the address/);
    expect(error('b@example.com v@evil.test')).toMatch(/not one email address/);
    expect(error('b@example.com <v@evil.test>')).toMatch(/looks like an address but the message would go to “v@evil.test”/);
  });
});

describe('parseAddressList', () => {
  it('reads bare addresses, names, quoted names with commas, and both separators', () => {
    expect(ok('a@example.com')).toEqual([{ name: '', address: 'a@example.com' }]);
    expect(ok(' Ana Lima <ana@example.com>, "Doe, Jane" <jane@example.org>; bob@example.net, ')).toEqual([
      { name: 'Ana Lima', address: 'ana@example.com' },
      { name: 'Doe, Jane', address: 'jane@example.org' },
      { name: '', address: 'bob@example.net' },
    ]);
    expect(ok('"Ana \\"AL\\" Lima" <ana@example.com>')).toEqual([{ name: 'Ana "AL" Lima', address: 'ana@example.com' }]);
    expect(ok('<ana@example.com>')).toEqual([{ name: '', address: 'ana@example.com' }]);
    expect(ok('ana@example.com <ana@example.com>')).toEqual([{ name: '', address: 'ana@example.com' }]);
    expect(ok('Zoë Müller <zoe@example.test>')).toEqual([{ name: 'Zoë Müller', address: 'zoe@example.test' }]);
    expect(ok('')).toEqual([]);
    expect(ok(' , ; ')).toEqual([]);
  });

  it('accepts internationalized domains and sends them as A-labels', () => {
    expect(ok('Ana <ana@jõgeva.ee>')).toEqual([{ name: 'Ana', address: 'ana@jõgeva.ee' }]);
    expect(asciiAddress('ana@jõgeva.ee')).toBe('ana@xn--jgeva-dua.ee');
    expect(asciiAddress('pat@bücher.example')).toBe('pat@xn--bcher-kva.example');
    expect(sameAddress('ANA@JÕGEVA.EE', 'ana@xn--jgeva-dua.ee')).toBe(true);
  });

  it('explains each kind of mistake', () => {
    expect(error('bob')).toBe('“bob” is missing the @ and the domain.');
    expect(error('bob@')).toBe('“bob@” is missing the domain after the @.');
    expect(error('@example.com')).toBe('“@example.com” is missing the name before the @.');
    expect(error('bob@example')).toMatch(/missing the domain ending/);
    expect(error('bob@@example.com')).toMatch(/more than one @/);
    expect(error('bob@exa..mple.com')).toMatch(/empty part in its domain/);
    expect(error('bob@-example.com')).toMatch(/domain that is not valid/);
    expect(error('bob@exa\u200bmple.com')).toMatch(/invisible characters/);
    expect(error('bob@[192.0.2.1]')).toMatch(/not one email address/);
    expect(error('"bob smith"@example.com')).toMatch(/name but no address|not one email address/);
    expect(error('jöhn@example.com')).toMatch(/non-Latin characters before the @/);
    expect(error('Bob <bob@example.com')).toMatch(/without a closing/);
    expect(error('Bob bob@example.com>')).toMatch(/without a matching/);
    expect(error('"Bob <bob@example.com>')).toMatch(/not closed/);
    expect(error('Bob (work) <bob@example.com>')).toMatch(/parentheses/);
    expect(error('Bob "B" <bob@example.com>')).toMatch(/stray quote/);
    expect(error('"Bob" x <bob@example.com>')).toMatch(/outside the quoted name/);
    expect(error('\u202eBob <bob@example.com>')).toMatch(/text-direction/);
    expect(error(`${'a'.repeat(65)}@example.com`)).toMatch(/part before the @/);
    expect(error(`a@${'b'.repeat(64)}.com`)).toMatch(/domain that is not valid/);
    expect(error('localhost')).toMatch(/missing the @/);
    expect(ok('root@localhost')).toEqual([{ name: '', address: 'root@localhost' }]);
  });

  it('round-trips through the field format', () => {
    const addresses = [
      { name: 'Doe, Jane', address: 'jane@example.org' },
      { name: 'Ana Lima', address: 'ana@example.com' },
      { name: '', address: 'bob@example.net' },
      { name: 'Say "hi"', address: 'hi@example.net' },
      { name: 'a@b.example', address: 'c@d.example' },
    ];
    expect(ok(formatAddressList(addresses))).toEqual(addresses);
    expect(formatAddressForField({ name: 'Ana Lima', address: 'ana@example.com' })).toBe('Ana Lima <ana@example.com>');
  });
});

describe('replyRecipients', () => {
  const me = 'me@example.com';
  const original = {
    from: [{ name: 'Ana', address: 'ana@example.com' }],
    replyTo: [] as { name: string; address: string }[],
    to: [{ name: 'Me', address: 'ME@example.com' }, { name: 'Bob', address: 'bob@example.com' }],
    cc: [{ name: 'Cy', address: 'cy@example.com' }, { name: 'Ana again', address: 'ana@EXAMPLE.com' }, { name: '', address: 'me@example.com' }],
  };

  it('reply goes to the sender, or to Reply-To when there is one', () => {
    expect(replyRecipients(original, [me], 'reply')).toEqual({ to: [{ name: 'Ana', address: 'ana@example.com' }], cc: [] });
    expect(replyRecipients({ ...original, replyTo: [{ name: 'List', address: 'list@example.org' }] }, [me], 'reply').to).toEqual([{ name: 'List', address: 'list@example.org' }]);
  });

  it('reply all adds To and Cc without the account itself and without duplicates', () => {
    expect(replyRecipients(original, [me], 'replyAll')).toEqual({
      to: [{ name: 'Ana', address: 'ana@example.com' }],
      cc: [{ name: 'Bob', address: 'bob@example.com' }, { name: 'Cy', address: 'cy@example.com' }],
    });
  });

  it('replying to one’s own message goes to its recipients', () => {
    const mine = { from: [{ name: 'Me', address: me }], replyTo: [], to: [{ name: 'Bob', address: 'bob@example.com' }], cc: [{ name: 'Cy', address: 'cy@example.com' }] };
    expect(replyRecipients(mine, [me], 'reply')).toEqual({ to: [{ name: 'Bob', address: 'bob@example.com' }], cc: [] });
    expect(replyRecipients(mine, [me], 'replyAll')).toEqual({ to: [{ name: 'Bob', address: 'bob@example.com' }], cc: [{ name: 'Cy', address: 'cy@example.com' }] });
    const noteToSelf = { from: [{ name: 'Me', address: me }], replyTo: [], to: [{ name: 'Me', address: me }], cc: [] };
    expect(replyRecipients(noteToSelf, [me], 'reply').to).toEqual([{ name: 'Me', address: me }]);
  });
});
