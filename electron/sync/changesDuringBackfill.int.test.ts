/**
 * Another device changes the folder while a big first sync is still filling the cache, newest first: a flag
 * on mail not fetched yet, a flag and an expunge on mail already stored, new mail at the top. The sync that
 * finishes, plus the next incremental one, must leave the cache exactly equal to the server (UIDs and flags).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TernEvents } from '../../shared/contract/api';
import { startPrivateDovecot, type PrivateDovecot } from '../demo/privateDovecot';
import { generateMailbox } from '../bench/generateMailbox';
import { startSmtpRelay } from '../smtp/lmtpRelay';
import { serverSnapshot } from '../testing/cacheMirror';
import { startEngineHarness, type EngineHarness } from '../testing/engineHarness';
import { plainMessage } from '../testing/testMessages';

const USER = 'dora@example.test';
const PASSWORD = 'backfill-pw';
const COUNT = 1500;

let dovecot: PrivateDovecot;
let relay: { port: number; close(): Promise<void> };
let harness: EngineHarness;

beforeAll(async () => {
  dovecot = await startPrivateDovecot({ users: [{ user: USER, password: PASSWORD }] });
  relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users: [{ user: USER, password: PASSWORD }] });
  // Written straight into the maildir (the benchmark's generator): a doveadm save each would take ~20 s.
  await generateMailbox(dovecot, USER, COUNT);
  harness = await startEngineHarness({ pollIntervalMs: 3_600_000 });
}, 240_000);

afterAll(async () => {
  await harness?.close();
  await relay?.close();
  await dovecot?.stop();
});

it('changes made elsewhere during the first sync all land in the cache, nothing stale left', async () => {
  const accountId = await harness.addAccount({ dovecot, smtpPort: relay.port, user: USER, password: PASSWORD });
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
        await dovecot.doveadm(['flags', 'add', '-u', USER, '\\Flagged', 'mailbox', 'INBOX', 'uid', '3']);
        await dovecot.doveadm(['flags', 'add', '-u', USER, '$Important', 'mailbox', 'INBOX', 'uid', String(oldest)]);
        await dovecot.doveadm(['expunge', '-u', USER, 'mailbox', 'INBOX', 'uid', String(oldest + 1)]);
        await dovecot.saveMessage(USER, 'INBOX', plainMessage(COUNT + 1, { subject: 'Arrived mid-sync' }));
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
  const server = await serverSnapshot(dovecot, USER, 'INBOX');
  expect(server.find((line) => line.startsWith('3:'))).toContain('\\Flagged');
  expect(server.some((line) => line.includes('$Important'))).toBe(true);
  expect(server.some((line) => line.startsWith(`${COUNT + 2}:`) || line.startsWith(`${COUNT + 1}:`))).toBe(true);
  expect(mirror.snapshot(accountId, 'INBOX')).toEqual(server);
}, 240_000);
