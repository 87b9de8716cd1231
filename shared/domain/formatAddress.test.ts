import { describe, expect, it } from 'vitest';
import { formatAddress, senderLabel } from './formatAddress';

describe('sender labels', () => {
  it('show the name, but never a name that poses as another address', () => {
    expect(senderLabel([{ name: 'Zoë Müller', address: 'zoe@example.de' }])).toBe('Zoë Müller');
    expect(senderLabel([{ name: '', address: 'zoe@example.de' }])).toBe('zoe@example.de');
    expect(senderLabel([{ name: 'PayPal <security@paypal.com>', address: 'x@evil.test' }])).toBe('x@evil.test');
    expect(senderLabel([{ name: 'zoe@example.de', address: 'zoe@example.de' }])).toBe('zoe@example.de');
    expect(senderLabel([])).toBe('(no sender)');
    expect(formatAddress({ name: 'Zoë', address: 'zoe@example.de' })).toBe('Zoë <zoe@example.de>');
  });
});
