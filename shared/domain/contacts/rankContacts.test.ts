import { describe, expect, it } from 'vitest';
import { collectContacts, rankContacts, type ContactSource } from './rankContacts';

const NOW = Date.UTC(2026, 5, 1);
const DAY = 86_400_000;
const ME = 'me@example.test';

const person = (name: string, address: string) => ({ name, address });
/** A message the user sent to `to`, `daysAgo` days ago. */
const wrote = (to: { name: string; address: string }, daysAgo: number, inSent = true): ContactSource => ({ from: [person('Me', ME)], to: [to], cc: [], date: NOW - daysAgo * DAY, inSent });
/** A message `from` sent the user. */
const heard = (from: { name: string; address: string }, daysAgo: number): ContactSource => ({ from: [from], to: [person('Me', ME)], cc: [], date: NOW - daysAgo * DAY, inSent: false });

const ranked = (messages: ContactSource[], query: string) => rankContacts(collectContacts(messages, [ME], NOW).values(), query).map((contact) => contact.address);

describe('ranking people for autocomplete', () => {
  it('puts the person written to more often first, at the same recency', () => {
    const ann = person('Ann Archer', 'ann@example.test');
    const abe = person('Abe Able', 'abe@example.test');
    expect(ranked([wrote(abe, 3), wrote(ann, 3), wrote(ann, 3), wrote(ann, 3)], 'a')).toEqual(['ann@example.test', 'abe@example.test']);
  });

  it('puts the person written to recently before one written to as often long ago', () => {
    const old = person('Alma Old', 'alma@example.test');
    const recent = person('Alex New', 'alex@example.test');
    expect(ranked([wrote(old, 200), wrote(old, 210), wrote(recent, 1), wrote(recent, 2)], 'al')).toEqual(['alex@example.test', 'alma@example.test']);
  });

  it('ranks people written to above people only heard from, and those by how often and how recently', () => {
    const colleague = person('Nora Colleague', 'nora@work.test');
    const newsletter = person('News Letter', 'news@list.test');
    const friend = person('Ned Friend', 'ned@home.test');
    const messages = [wrote(colleague, 10), ...Array.from({ length: 5 }, (_, i) => heard(newsletter, i)), heard(friend, 1), heard(friend, 400)];
    expect(ranked(messages, 'n')).toEqual(['nora@work.test', 'news@list.test', 'ned@home.test']);
  });

  it('counts mail from one of the user’s addresses as written, wherever it is filed, and never offers the user', () => {
    const bea = person('Bea', 'bea@example.test');
    const contacts = collectContacts([wrote(bea, 1, false), heard(person('Me again', 'ME@example.test'), 1)], [ME], NOW);
    expect([...contacts.keys()]).toEqual(['bea@example.test']);
    expect(contacts.get('bea@example.test')?.written).toBeGreaterThan(0.9);
  });

  it('matches the start of the address, the domain, the name or a word of it, ignoring case and accents', () => {
    const messages = [wrote(person('José Núñez', 'jn@corp.test'), 1), wrote(person('', 'zed@other.test'), 1)];
    expect(ranked(messages, 'nun')).toEqual(['jn@corp.test']);
    expect(ranked(messages, 'JOSE')).toEqual(['jn@corp.test']);
    expect(ranked(messages, 'corp')).toEqual(['jn@corp.test']);
    expect(ranked(messages, 'ze')).toEqual(['zed@other.test']);
    expect(ranked(messages, 'ez')).toEqual([]);
  });

  it('keeps the newest spelling of a name and leaves out addresses already in the field', () => {
    const contacts = collectContacts([heard(person('R. Smith', 'rs@example.test'), 30), heard(person('Robin Smith', 'rs@example.test'), 2)], [ME], NOW);
    expect(contacts.get('rs@example.test')?.name).toBe('Robin Smith');
    expect(rankContacts(contacts.values(), 'rob', 8, ['RS@example.test'])).toEqual([]);
  });
});
