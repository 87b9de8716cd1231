import { describe, expect, it } from 'vitest';
import type { MessageHeader } from '../../../shared/contract/messages';
import { describeArrival } from './describeArrival';

const header = (uid: number, name: string, subject: string): MessageHeader => ({
  uid, messageId: null, subject, from: [{ name, address: `${name.toLowerCase()}@example.test` }], to: [], cc: [], date: uid * 1000, flags: [], size: 1,
});

describe('describeArrival', () => {
  it('names the sender and subject of one message', () => {
    expect(describeArrival([header(7, 'Carol', 'Budget')], 'me@example.test')).toEqual({ title: 'Carol', body: 'Budget', uid: 7 });
    expect(describeArrival([header(7, 'Carol', '')], 'me@example.test').body).toBe('(no subject)');
  });

  it('counts several, names up to three senders, and opens the newest', () => {
    const three = describeArrival([header(1, 'Ann', 'a'), header(3, 'Bob', 'b'), header(2, 'Ann', 'c')], 'me@example.test');
    expect(three).toEqual({ title: '3 new messages', body: 'From Bob, Ann — me@example.test', uid: 3 });
    const many = describeArrival(['A', 'B', 'C', 'D', 'E'].map((name, i) => header(i + 1, name, 's')), 'me@example.test');
    expect(many.body).toBe('From E, D and 3 others — me@example.test');
  });
});
