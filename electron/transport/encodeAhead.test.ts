import { describe, expect, it } from 'vitest';
import { encodeAhead, encodeMessage, encodeMessageBytes } from './encodeAhead';
import type { RpcMessage } from '../../shared/ipc/rpcMessage';

describe('encodeAhead', () => {
  const delta = { accountId: 'a', path: 'Ünïcode “INBOX”', upserts: [{ uid: 7, subject: 'a\u2028b "quoted"', flags: ['\\Seen'] }], cursor: null, deltaId: 3 };

  it('gives the text JSON.stringify gives, with or without a payload encoded ahead', () => {
    const messages: RpcMessage[] = [
      { t: 'event', name: 'mailboxChanged', payload: delta },
      { t: 'event', name: 'accountsChanged', payload: { accounts: [] } },
      { t: 'event', name: 'x', payload: null },
      { t: 'result', id: 1, ok: true, value: delta },
    ];
    const before = messages.map(encodeMessage);
    encodeAhead(delta);
    expect(messages.map(encodeMessage)).toEqual(before);
    expect(before).toEqual(messages.map((message) => JSON.stringify(message)));
    const bytes = messages.map(encodeMessageBytes);
    expect(bytes.map((b) => new TextDecoder().decode(b))).toEqual(before);
    // Each in a buffer of its own, so the engine's thread can transfer it.
    for (const b of bytes) expect([b.byteOffset, b.byteLength]).toEqual([0, b.buffer.byteLength]);
  });

  it('sends the payload as it was when encoded ahead', () => {
    const payload = { n: 1 };
    encodeAhead(payload);
    payload.n = 2;
    // A payload must not change after encodeAhead; this shows why.
    expect(JSON.parse(encodeMessage({ t: 'event', name: 'e', payload }))).toEqual({ t: 'event', name: 'e', payload: { n: 1 } });
  });
});
