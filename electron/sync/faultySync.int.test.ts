/**
 * An initial sync of a few thousand messages while the link fails more than once a second (connections reset, cut
 * in the middle of a response, stalled past the command deadline, refused for a moment) and another device
 * changes flags, expunges and delivers meanwhile. The sync must resume rather than start over, deliver each
 * message once, end with the cache exactly equal to the server (UIDs and flags, read by doveadm or a second IMAP
 * connection), and do it without a reconnect storm. On Dovecot and on Cyrus, each once with all its extensions
 * and once without CONDSTORE, QRESYNC, MOVE and IDLE (the catch-up then goes through UID diffs and chunked
 * FLAGS). `npm run reliability` runs the same at 100k messages and reports figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngineHarness, type EngineHarness } from '../testing/engineHarness';
import { runFaultySync } from '../testing/faultySyncRun';
import { startFaultProxy, type FaultProxy } from '../testing/faultProxy';
import { describeOnServers } from '../testing/describeOnServers';
import { startServerUnderTest, type ServerUnderTest } from '../testing/serverUnderTest';

const USER = 'faults@example.test';
const PASSWORD = 'fault-pw';
const EXTENSIONS = ['CONDSTORE', 'QRESYNC', 'MOVE', 'IDLE'];

await describeOnServers(['dovecot', 'cyrus'], 'on %s', ({ kind }) => {

  function faultySuite(name: string, count: number, without: string[]) {
    describe(name, () => {
      let server: ServerUnderTest;
      let proxy: FaultProxy;
      let harness: EngineHarness;

      beforeAll(async () => {
        // Cyrus would deflate the link (COMPRESS=DEFLATE): the proxy's trickle and mid-response cuts need its bytes.
        server = await startServerUnderTest(kind, { user: USER, password: PASSWORD, without: [...without, 'COMPRESS=DEFLATE'] });
        await server.seedInbox(count);
        proxy = await startFaultProxy(server.imapPort);
        harness = await startEngineHarness({ pollIntervalMs: 2000, timeouts: { socketMs: 4000, idleRenewMs: 3000, commandMs: 2000 } });
      }, 60_000);

      afterAll(async () => {
        await harness?.close();
        await proxy?.close();
        await server?.stop();
      });

      it(`ends exactly in step with the server, each message delivered once, without a reconnect storm`, async () => {
        const progress: string[] = [];
        // Slow enough that the fill lasts several seconds: Cyrus is seeded with short test messages (a few
        // hundred header bytes each), Dovecot with the benchmark's realistic ones.
        const trickleBytesPerSecond = kind === 'cyrus' ? 15 * count : 400_000;
        const report = await runFaultySync({ harness, proxy, device: server.device, user: USER, password: PASSWORD, faultEveryMs: 700, trickleBytesPerSecond, changeEveryMs: 700, seed: 9, onProgress: (line) => progress.push(line) });
        const summary = JSON.stringify({ ...report, mirror: report.mirror.length });
        // Cyrus's fill lasts 4–15 s here (its answers come in fewer, larger writes), Dovecot's longer.
        expect(report.faults, summary).toBeGreaterThanOrEqual(kind === 'dovecot' && count >= 3000 ? 5 : 3);
        expect(report.duplicateDeliveries, summary).toBe(0);
        expect(report.restartsFromScratch, `${summary}\n${progress.join('\n')}`).toBe(0);
        expect(report.mirror).toEqual(await server.device.snapshot('INBOX'));
        expect(report.mirror.length).toBeGreaterThan(count - 50);
        // Each fault can take down the three connections of the account; each comes back about once.
        expect(report.connections, summary).toBeLessThanOrEqual(4 * report.faults + 10);
      }, 120_000);
    });
  }

  faultySuite('an initial sync of 3000 messages on a link that fails every second', 3000, []);
  faultySuite(`the same, ${kind === 'cyrus' ? 3000 : 1500} messages, without CONDSTORE, QRESYNC, MOVE and IDLE`, kind === 'cyrus' ? 3000 : 1500, EXTENSIONS);
});
