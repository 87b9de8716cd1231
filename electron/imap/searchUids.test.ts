import { describe, expect, it } from 'vitest';
import { TernError } from '../../shared/contract/errors';
import type { ImapClient } from './imapClient';
import { searchUids } from './searchUids';

/** Only what searchUids touches: imapflow's search(), answering as a server would, and the capabilities. */
function clientAnswering(answer: unknown, options: { esearch?: boolean; exists?: number; plain?: number[] } = {}): ImapClient & { asked: unknown[] } {
  const asked: unknown[] = [];
  const capabilities = new Map<string, boolean>(options.esearch ? [['ESEARCH', true]] : []);
  return {
    asked,
    capabilities,
    mailbox: { path: 'INBOX', exists: options.exists ?? 10 },
    search: async (_query: unknown, searchOptions: { returnOptions?: unknown }) => (asked.push(searchOptions), options.plain && !searchOptions.returnOptions ? options.plain : answer),
  } as unknown as ImapClient & { asked: unknown[] };
}

async function failure(promise: Promise<unknown>): Promise<TernError> {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(TernError);
  return error as TernError;
}

describe('searchUids', () => {
  it('fails on a refused SEARCH (imapflow says false) instead of reporting an empty folder', async () => {
    expect((await failure(searchUids(clientAnswering(false), 40))).code).toBe('PROTOCOL_ERROR');
    expect((await failure(searchUids(clientAnswering(false, { esearch: true }), 40))).code).toBe('PROTOCOL_ERROR');
  });

  it('keeps only real UIDs at or above the one asked for, once each, ascending', async () => {
    await expect(searchUids(clientAnswering([9, 41, 40, 41, 0, -3, 4294967296, 1.5, 50]), 40)).resolves.toEqual([40, 41, 50]);
  });

  it('asks for an ESEARCH sequence set where the server has ESEARCH, and expands it', async () => {
    const client = clientAnswering({ all: '1:3,7,12:10' }, { esearch: true, exists: 7 });
    await expect(searchUids(client)).resolves.toEqual([1, 2, 3, 7, 10, 11, 12]);
    expect(client.asked).toEqual([{ uid: true, returnOptions: ['ALL'] }]);
    // No ALL in the answer: no messages.
    await expect(searchUids(clientAnswering({ count: 0 }, { esearch: true, exists: 0 }))).resolves.toEqual([]);
    await expect(searchUids(clientAnswering({ count: 0 }, { esearch: true, exists: 5 }), 40)).resolves.toEqual([]);
  });

  it('asks again with a plain SEARCH when an ESEARCH for every message names fewer or more than the folder holds', async () => {
    // A server that advertises ESEARCH but answers with a plain SEARCH reads as no ALL at all.
    const client = clientAnswering({}, { esearch: true, exists: 3, plain: [1, 2, 3] });
    await expect(searchUids(client)).resolves.toEqual([1, 2, 3]);
    expect(client.asked).toEqual([{ uid: true, returnOptions: ['ALL'] }, { uid: true }]);
    await expect(searchUids(clientAnswering({ all: '1:2' }, { esearch: true, exists: 3, plain: [1, 2, 5] }))).resolves.toEqual([1, 2, 5]);
  });

  it('refuses an ESEARCH answer naming far more messages than the folder holds, or no set at all', async () => {
    const huge = await failure(searchUids(clientAnswering({ all: '1:4294967295' }, { esearch: true, exists: 10 })));
    expect(huge.message).toMatch(/cannot hold/);
    expect((await failure(searchUids(clientAnswering({ all: '1:x' }, { esearch: true })))).code).toBe('PROTOCOL_ERROR');
  });
});
