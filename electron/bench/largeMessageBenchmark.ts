/**
 * `npm run bench:large`: opening a ~50 MB message (a 45 MB attachment as sent) through the engine, against a
 * private Dovecot, with the engine's event loop watched the whole time. It prints how late the loop got (max
 * and p99), how much the process's RSS peak rose, and how long the open took, next to the target (the loop
 * never late by more than 50 ms). The message is opened twice: the second open, and saving a small
 * attachment, show whether the source is kept instead of downloaded again.
 *
 *   npm run bench:large [-- --mb 50]
 */
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import type { MessageRef } from '../../shared/contract/api';
import { startPrivateDovecot } from '../demo/privateDovecot';
import { startSmtpRelay } from '../smtp/lmtpRelay';
import { startEngineHarness } from '../testing/engineHarness';
import { largeMessage } from '../testing/largeMessage';
import { measureResponsiveness, type Responsiveness } from '../testing/loopResponsiveness';

const USER = 'alice@example.test';
const PASSWORD = 'bench-large-pw';
const TARGET_LOOP_MS = 50;

const { values } = parseArgs({ options: { mb: { type: 'string', default: '50' } } });
const totalBytes = Number(values.mb) * 1024 * 1024;

function row(name: string, measured: Responsiveness<unknown>): string {
  const verdict = measured.loopMaxMs < TARGET_LOOP_MS ? 'PASS' : 'FAIL';
  return `| ${name} | ${measured.ms.toFixed(0)} ms | ${measured.loopMaxMs.toFixed(1)} ms | ${measured.loopP99Ms.toFixed(1)} ms | ${measured.rssPeakRiseMiB.toFixed(0)} MiB | ${verdict} |`;
}

async function main(): Promise<void> {
  const dovecot = await startPrivateDovecot({ users: [{ user: USER, password: PASSWORD }] });
  const relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users: [{ user: USER, password: PASSWORD }] });
  const harness = await startEngineHarness();
  try {
    const message = largeMessage(totalBytes);
    await dovecot.saveMessage(USER, 'INBOX', message.source);
    const sourceBytes = message.source.length;
    const accountId = await harness.addAccount({ dovecot, smtpPort: relay.port, user: USER, password: PASSWORD });
    await harness.sync(accountId, 'INBOX');
    const cursor = harness.mirror.cursor(accountId, 'INBOX');
    if (!cursor) throw new Error('INBOX did not sync');
    const ref: MessageRef = { accountId, path: 'INBOX', uid: cursor.uidNext - 1, uidValidity: cursor.uidValidity };

    const first = await measureResponsiveness(() => harness.client.api.fetchMessage(ref));
    const second = await measureResponsiveness(() => harness.client.api.fetchMessage(ref));
    const source = await measureResponsiveness(() => harness.client.api.fetchMessageSource(ref));
    const body = first.result;
    const lines = [
      `Opening a ${(sourceBytes / 1048576).toFixed(1)} MB message (attachment ${(message.attachmentEncodedBytes / 1048576).toFixed(1)} MB as sent, ${(message.attachmentBytes / 1048576).toFixed(1)} MB decoded) through the engine; target: event loop never late by ${TARGET_LOOP_MS} ms or more.`,
      '',
      '| step | took | loop delay max | loop delay p99 | RSS peak rise | loop < 50 ms |',
      '|---|---|---|---|---|---|',
      row('open (first time, from the server)', first),
      row('open again', second),
      row('view source (first 2 MB)', source),
      '',
      `Body: ${body.text?.length ?? 0} chars of text, ${body.html?.length ?? 0} of HTML, ${body.attachments.length} attachment(s); notice: ${body.notice ?? 'none'}.`,
      `Node ${process.version}, load average ${loadavg()[0]?.toFixed(2)} at the end.`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await harness.close();
    await relay.close();
    await dovecot.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
