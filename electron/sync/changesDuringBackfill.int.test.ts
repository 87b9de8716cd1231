/**
 * Another device changes the folder while a big first sync is still filling the cache, newest first: a flag
 * on mail not fetched yet, a flag and an expunge on mail already stored, new mail at the top. The sync that
 * finishes, plus the next incremental one, must leave the cache exactly equal to the server (UIDs and flags).
 * Runs on Dovecot and on Cyrus.
 */
import { expect, it } from 'vitest';
import type { TernEvents } from '../../shared/contract/api';
import { describeOnServers } from '../testing/describeOnServers';
import { useSeededServer } from '../testing/seededServer';
import { plainMessage } from '../testing/testMessages';

const USER = 'dora@example.test';
const PASSWORD = 'backfill-pw';
const COUNT = 1500;

await describeOnServers(['dovecot', 'cyrus'], 'against %s', ({ kind }) => {
  const seeded = useSeededServer(kind, { user: USER, password: PASSWORD, count: COUNT });

  it('changes made elsewhere during the first sync all land in the cache, nothing stale left', async () => {
    const { server, harness } = seeded;
    const accountId = await harness.addAccount({ dovecot: server, smtpPort: server.smtpPort, user: USER, password: PASSWORD });
    const { client, mirror } = harness;
    let changed = false;
    let deltas = 0;
    // Apply and acknowledge deltas like the renderer; after the first one, another device acts.
    const stop = client.on('mailboxChanged', (delta: TernEvents['mailboxChanged']) => {
      if (delta.accountId !== accountId || delta.path !== 'INBOX') return;
      mirror.apply(delta);
      deltas++;
      void (async () => {
        if (!changed) {
          changed = true;
          const fetched = delta.upserts.map((header) => header.uid);
          const oldest = Math.min(...fetched);
          await server.device.addFlags('INBOX', '3', ['\\Flagged']);
          await server.device.addFlags('INBOX', String(oldest), ['$Important']);
          await server.device.expunge('INBOX', String(oldest + 1));
          await server.device.append('INBOX', plainMessage(COUNT + 1, { subject: 'Arrived mid-sync' }));
        }
        await client.api.acknowledgeDelta({ deltaId: delta.deltaId });
      })();
    });
    try {
      await client.api.syncMailbox({ accountId, path: 'INBOX', cursor: null });
      expect(deltas).toBeGreaterThan(1);
      // The renderer syncs again when the push or the poll says INBOX changed; do that once now.
      await client.api.syncMailbox({ accountId, path: 'INBOX', cursor: mirror.cursor(accountId, 'INBOX') });
    } finally {
      stop();
    }
    const onServer = await server.device.snapshot('INBOX');
    expect(onServer.find((line) => line.startsWith('3:'))).toContain('\\Flagged');
    expect(onServer.some((line) => line.includes('$Important'))).toBe(true);
    expect(onServer.some((line) => line.startsWith(`${COUNT + 2}:`) || line.startsWith(`${COUNT + 1}:`))).toBe(true);
    expect(mirror.snapshot(accountId, 'INBOX')).toEqual(onServer);
  }, 240_000);
});
