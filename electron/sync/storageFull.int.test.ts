/**
 * The renderer's disk fills up during a first sync (against the real engine, on Dovecot and Cyrus): it refuses a delta
 * instead of acknowledging it. The sync must end at once with STORAGE_FULL (not after the ack timeout), and
 * the renderer's retry from its cursor, once there is room, must end exactly equal to the server.
 */
import { expect, it } from 'vitest';
import type { TernEvents } from '../../shared/contract/api';
import { TernError } from '../../shared/contract/errors';
import { describeOnServers } from '../testing/describeOnServers';
import { useSeededServer } from '../testing/seededServer';

const USER = 'fern@example.test';
const PASSWORD = 'full-disk-pw';
const COUNT = 400;

await describeOnServers(['dovecot', 'cyrus'], 'on %s', ({ kind }) => {
  const seeded = useSeededServer(kind, { user: USER, password: PASSWORD, count: COUNT });

  it('a refused delta ends the sync with STORAGE_FULL at once; the retry from the cursor ends equal', async () => {
    const { server, harness } = seeded;
    const accountId = await harness.addAccount({ dovecot: server, smtpPort: server.smtpPort, user: USER, password: PASSWORD });
    const { client, mirror } = harness;
    let seen = 0;
    // The first batch fits; the second finds the disk full and is refused, not stored.
    const stop = client.on('mailboxChanged', (delta: TernEvents['mailboxChanged']) => {
      if (delta.accountId !== accountId) return;
      seen++;
      if (seen === 1) {
        mirror.apply(delta);
        void client.api.acknowledgeDelta({ deltaId: delta.deltaId });
      } else {
        void client.api.acknowledgeDelta({ deltaId: delta.deltaId, error: { code: 'STORAGE_FULL', message: 'The disk is full.' } });
      }
    });
    const started = Date.now();
    const error = await client.api.syncMailbox({ accountId, path: 'INBOX', cursor: null }).catch((e: unknown) => e);
    stop();
    expect(error).toBeInstanceOf(TernError);
    expect((error as TernError).code).toBe('STORAGE_FULL');
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(seen).toBe(2);
    expect(mirror.cursor(accountId, 'INBOX')).toBeNull();
    await harness.waitForEvent('syncProgressed', (p) => p.state === 'error' && p.error?.code === 'STORAGE_FULL');

    // Room again: the renderer syncs from its cursor (none yet: the first sync never finished).
    await harness.sync(accountId, 'INBOX');
    const onServer = await server.device.snapshot('INBOX');
    expect(mirror.snapshot(accountId, 'INBOX')).toEqual(onServer);
    expect(onServer).toHaveLength(COUNT);
    // And the next incremental sync has nothing to add.
    const again = await harness.sync(accountId, 'INBOX');
    expect(again.deltas.flatMap((delta) => delta.upserts)).toEqual([]);
    expect(mirror.snapshot(accountId, 'INBOX')).toEqual(onServer);
  }, 120_000);
});
