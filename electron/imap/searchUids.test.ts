import { describe, expect, it } from 'vitest';
import { TernError } from '../../shared/contract/errors';
import type { ImapClient } from './imapClient';
import { searchUids } from './searchUids';

/** Only what searchUids touches: imapflow's search(), answering as a server would. */
function clientAnswering(answer: number[] | false): ImapClient {
  return { search: async () => answer } as unknown as ImapClient;
}

describe('searchUids', () => {
  it('fails on a refused SEARCH (imapflow says false) instead of reporting an empty folder', async () => {
    const error = await searchUids(clientAnswering(false), 40).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TernError);
    expect((error as TernError).code).toBe('PROTOCOL_ERROR');
  });

  it('keeps only real UIDs at or above the one asked for, once each, ascending', async () => {
    await expect(searchUids(clientAnswering([9, 41, 40, 41, 0, -3, 4294967296, 1.5, 50]), 40)).resolves.toEqual([40, 41, 50]);
  });
});
