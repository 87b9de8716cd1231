/**
 * An initial sync of a few thousand messages while the link fails more than once a second (connections reset, cut
 * in the middle of a response, stalled past the command deadline, refused for a moment) and another device
 * changes flags, expunges and delivers meanwhile. The sync must resume rather than start over, deliver each
 * message once, end with the cache exactly equal to the server (UIDs and flags, read by doveadm), and do it
 * without a reconnect storm. Once against a full Dovecot, once against one without CONDSTORE, QRESYNC, MOVE
 * and IDLE (the catch-up then goes through UID diffs and chunked FLAGS). `npm run reliability` runs the same
 * at 100k messages and reports figures.
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
/** Dovecot's own list without CONDSTORE, QRESYNC, MOVE and IDLE. */
const WITHOUT_EXTENSIONS = 'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE LITERAL+ NAMESPACE UIDPLUS CHILDREN LIST-EXTENDED LIST-STATUS SPECIAL-USE';

function faultySuite(name: string, count: number, capabilities?: string) {
  describe(name, () => {
    let dovecot: PrivateDovecot;
    let proxy: FaultProxy;
    let harness: EngineHarness;

    beforeAll(async () => {
      dovecot = await startPrivateDovecot({ users: [{ user: USER, password: PASSWORD }], ...(capabilities ? { capabilities } : {}) });
      await generateMailbox(dovecot, USER, count);
      proxy = await startFaultProxy(dovecot.imapPort);
      harness = await startEngineHarness({ pollIntervalMs: 2000, timeouts: { socketMs: 4000, idleRenewMs: 3000, commandMs: 2000 } });
    });

    afterAll(async () => {
      await harness?.close();
      await proxy?.close();
      await dovecot?.stop();
    });

    it('ends exactly in step with the server, each message delivered once, without a reconnect storm', async () => {
      const progress: string[] = [];
      const report = await runFaultySync({ harness, proxy, dovecot, user: USER, password: PASSWORD, faultEveryMs: 700, trickleBytesPerSecond: 400_000, changeEveryMs: 700, seed: 9, onProgress: (line) => progress.push(line) });
      const summary = JSON.stringify({ ...report, mirror: report.mirror.length });
      expect(report.faults, summary).toBeGreaterThanOrEqual(count >= 3000 ? 5 : 3);
      expect(report.duplicateDeliveries, summary).toBe(0);
      expect(report.restartsFromScratch, `${summary}\n${progress.join('\n')}`).toBe(0);
      expect(report.mirror).toEqual(await serverSnapshot(dovecot, USER, 'INBOX'));
      expect(report.mirror.length).toBeGreaterThan(count - 50);
      // Each fault can take down the three connections of the account; each comes back about once.
      expect(report.connections, summary).toBeLessThanOrEqual(4 * report.faults + 10);
    }, 120_000);
  });
}

faultySuite('an initial sync of 3000 messages on a link that fails every second', 3000);
faultySuite('the same, 1500 messages, on a server without CONDSTORE, QRESYNC, MOVE and IDLE', 1500, WITHOUT_EXTENSIONS);
