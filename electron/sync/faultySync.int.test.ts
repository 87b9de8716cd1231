/**
 * An initial sync of a few thousand messages while the link fails about once a second (connections reset, cut
 * in the middle of a response, stalled past the command deadline, refused for a moment) and another device
 * changes flags, expunges and delivers meanwhile. The sync must resume rather than start over, deliver each
 * message once, end with the cache exactly equal to the server (UIDs and flags, read by doveadm), and do it
 * without a reconnect storm. `npm run reliability` runs the same at 100k messages and reports figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMailbox } from '../bench/generateMailbox';
import { startPrivateDovecot, type PrivateDovecot } from '../demo/privateDovecot';
import { serverSnapshot } from '../testing/cacheMirror';
import { startEngineHarness, type EngineHarness } from '../testing/engineHarness';
import { runFaultySync } from '../testing/faultySyncRun';
import { startFaultProxy, type FaultProxy } from '../testing/faultProxy';

const USER = 'faults@example.test';
const PASSWORD = 'fault-pw';
const COUNT = 3000;

let dovecot: PrivateDovecot;
let proxy: FaultProxy;
let harness: EngineHarness;

beforeAll(async () => {
  dovecot = await startPrivateDovecot({ users: [{ user: USER, password: PASSWORD }] });
  await generateMailbox(dovecot, USER, COUNT);
  proxy = await startFaultProxy(dovecot.imapPort);
  harness = await startEngineHarness({ pollIntervalMs: 2000, timeouts: { socketMs: 4000, idleRenewMs: 3000, commandMs: 2000 } });
});

afterAll(async () => {
  await harness?.close();
  await proxy?.close();
  await dovecot?.stop();
});

describe(`an initial sync of ${COUNT} messages on a link that fails every second`, () => {
  it('ends exactly in step with the server, each message delivered once, without a reconnect storm', async () => {
    const progress: string[] = [];
    const report = await runFaultySync({ harness, proxy, dovecot, user: USER, password: PASSWORD, faultEveryMs: 1000, trickleBytesPerSecond: 400_000, changeEveryMs: 700, seed: 9, onProgress: (line) => progress.push(line) });
    const summary = JSON.stringify({ ...report, mirror: report.mirror.length });
    expect(report.faults, summary).toBeGreaterThanOrEqual(5);
    expect(report.duplicateDeliveries, summary).toBe(0);
    expect(report.restartsFromScratch, `${summary}\n${progress.join('\n')}`).toBe(0);
    expect(report.mirror).toEqual(await serverSnapshot(dovecot, USER, 'INBOX'));
    expect(report.mirror.length).toBeGreaterThan(COUNT - 50);
    // Each fault can take down the three connections of the account; each comes back about once.
    expect(report.connections, summary).toBeLessThanOrEqual(4 * report.faults + 10);
  }, 120_000);
});
