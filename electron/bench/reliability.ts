/**
 * `npm run reliability`: the fault test of electron/sync/faultySync.int.test.ts at full size. A private
 * Dovecot with 100k messages, the engine behind the fault proxy, a fault every few seconds and another device
 * changing the mailbox during the initial sync; then the cache is compared with the server (doveadm). Prints
 * the figures as JSON for docs/reliability.md and exits 1 if the cache and the server differ.
 *
 *   npm run reliability -- --messages 100000 --fault-every-ms 2000 --trickle 0 --seed 9
 */
import { parseArgs } from 'node:util';
import { startEngineHarness } from '../testing/engineHarness';
import { startFaultProxy } from '../testing/faultProxy';
import { runFaultySync } from '../testing/faultySyncRun';
import { startServerUnderTest } from '../testing/serverUnderTest';

const { values } = parseArgs({ options: { messages: { type: 'string' }, 'fault-every-ms': { type: 'string' }, trickle: { type: 'string' }, seed: { type: 'string' }, 'change-every-ms': { type: 'string' } } });
const messages = Number(values.messages ?? 100_000);
const faultEveryMs = Number(values['fault-every-ms'] ?? 2000);
const trickle = Number(values.trickle ?? 0);
const seed = Number(values.seed ?? 9);
const changeEveryMs = Number(values['change-every-ms'] ?? 500);
const USER = 'reliability@example.test';

const log = (line: string) => process.stderr.write(`${line}\n`);
const dovecot = await startServerUnderTest('dovecot', { user: USER, password: 'reliability-pw' });
try {
  log(`generating ${messages} messages`);
  await dovecot.seedInbox(messages);
  const proxy = await startFaultProxy(dovecot.imapPort);
  // The app's own timeouts are minutes long; these are short so that a stalled link is cut within seconds.
  const harness = await startEngineHarness({ pollIntervalMs: 5000, timeouts: { socketMs: 8000, idleRenewMs: 5000, commandMs: 4000 } });
  try {
    const report = await runFaultySync({ harness, proxy, device: dovecot.device, user: USER, password: 'reliability-pw', faultEveryMs, trickleBytesPerSecond: trickle > 0 ? trickle : null, changeEveryMs, seed, onProgress: log });
    const server = await dovecot.device.snapshot('INBOX');
    const inStep = JSON.stringify(server) === JSON.stringify(report.mirror);
    const figures: Partial<typeof report> = { ...report };
    delete figures.mirror;
    process.stdout.write(`${JSON.stringify({ generated: messages, faultEveryMs, trickle, seed, ...figures, serverMessages: server.length, inStep }, null, 2)}\n`);
    process.exitCode = inStep && report.duplicateDeliveries === 0 ? 0 : 1;
  } finally {
    await harness.close();
    await proxy.close();
  }
} finally {
  await dovecot.stop();
}
