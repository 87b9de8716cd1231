/**
 * `npm run bench:large`: opening a ~50 MB message (a 45 MB attachment as sent) through the engine, against a
 * private Dovecot, with the engine's event loop watched the whole time. It prints how late the loop got (max
 * and p99), how much the process's RSS peak rose, and how long the open took, next to the target (the loop
 * never late by more than 50 ms). The message is opened twice: the second open, and saving a small
 * attachment, show whether the source is kept instead of downloaded again. Before any of that (RSS
 * high-water marks only go up), the 45 MB attachment is saved the way browser mode saves it: decoded in the
 * worker from the kept source file into a private file, then read out as the download would be; and, for
 * comparison, once more through the whole-message parse that saving falls back to.
 *
 *   npm run bench:large [-- --mb 50]
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { pipeline } from 'node:stream/promises';
import type { MessageRef } from '../../shared/contract/api';
import { startPrivateDovecot } from '../demo/privateDovecot';
import { startSmtpRelay } from '../smtp/lmtpRelay';
import { startEngineHarness } from '../testing/engineHarness';
import { largeMessage } from '../testing/largeMessage';
import { measureResponsiveness, type Responsiveness } from '../testing/loopResponsiveness';
import { MimeWorkerPool } from '../mime/mimeWorkerPool';
import type { DownloadOffer } from '../services/downloadOffers';

const USER = 'alice@example.test';
const PASSWORD = 'bench-large-pw';
const TARGET_LOOP_MS = 50;

const { values } = parseArgs({ options: { mb: { type: 'string', default: '50' } } });
const totalBytes = Number(values.mb) * 1024 * 1024;

function row(name: string, measured: Responsiveness<unknown>): string {
  const verdict = measured.loopMaxMs < TARGET_LOOP_MS ? 'PASS' : 'FAIL';
  return `| ${name} | ${measured.ms.toFixed(0)} ms | ${measured.loopMaxMs.toFixed(1)} ms | ${measured.loopP99Ms.toFixed(1)} ms | ${measured.rssPeakRiseMiB.toFixed(0)} MiB | ${measured.rssSampledRiseMiB.toFixed(0)} MiB | ${verdict} |`;
}

async function main(): Promise<void> {
  const dovecot = await startPrivateDovecot({ users: [{ user: USER, password: PASSWORD }] });
  const relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users: [{ user: USER, password: PASSWORD }] });
  // Browser mode's downloads, reduced to what the engine sees: the offered file is read out (as the web host
  // streams it to the browser) and deleted.
  const offers: DownloadOffer[] = [];
  const harness = await startEngineHarness({ downloads: { offer: (offer) => (offers.push(offer), `/download/${'x'.repeat(32)}`) } });
  const serveOffered = async () => {
    const offer = offers.shift();
    if (!offer) throw new Error('nothing was offered');
    const hash = createHash('sha256');
    await pipeline(createReadStream(offer.file), hash);
    await rm(offer.file);
    return { size: offer.size, sha256: hash.digest('hex') };
  };
  try {
    const message = largeMessage(totalBytes);
    await dovecot.saveMessage(USER, 'INBOX', message.source);
    // The largest attachment the old way could save (whole, base64, through the window; refused above 25 MB).
    const previous = largeMessage(33 * 1024 * 1024, 'The largest file the old way saved');
    await dovecot.saveMessage(USER, 'INBOX', previous.source);
    const sourceBytes = message.source.length;
    const accountId = await harness.addAccount({ dovecot, smtpPort: relay.port, user: USER, password: PASSWORD });
    await harness.sync(accountId, 'INBOX');
    const cursor = harness.mirror.cursor(accountId, 'INBOX');
    if (!cursor) throw new Error('INBOX did not sync');
    const ref: MessageRef = { accountId, path: 'INBOX', uid: cursor.uidNext - 2, uidValidity: cursor.uidValidity };
    const previousRef: MessageRef = { ...ref, uid: cursor.uidNext - 1 };

    const save = async () => {
      const delivery = await harness.client.api.prepareAttachmentDownload({ ...ref, index: 1, action: 'save' });
      if (delivery.kind !== 'download') throw new Error(`unexpected answer ${delivery.kind}`);
      return serveOffered();
    };
    const saveFirst = await measureResponsiveness(save);
    const saveAgain = await measureResponsiveness(save);
    // The whole-message way, for comparison: the worker parses the kept source with postal-mime.
    const sourceFile = join(harness.dataDir, 'message-sources', (await readdir(join(harness.dataDir, 'message-sources'))).find((name) => name.endsWith('.eml')) ?? '');
    const pool = new MimeWorkerPool({ timeoutMs: 120_000 });
    const wholeTarget = join(harness.dataDir, 'whole-parse.bin');
    const saveWhole = await measureResponsiveness(async () => pool.run({ kind: 'writeAttachment', index: 1, target: wholeTarget }, { bytes: await readFile(sourceFile) }));
    await pool.close();
    const wholeSha = createHash('sha256').update(await readFile(wholeTarget)).digest('hex');
    await rm(wholeTarget);
    if (saveFirst.result.sha256 !== wholeSha || saveAgain.result.sha256 !== wholeSha) throw new Error('the streamed file differs from the whole parse');
    const oldWay = await measureResponsiveness(async () => {
      const content = await harness.client.api.fetchAttachment({ ...previousRef, index: 1 });
      return content.contentBase64.length;
    });

    const first = await measureResponsiveness(() => harness.client.api.fetchMessage(ref));
    const second = await measureResponsiveness(() => harness.client.api.fetchMessage(ref));
    const source = await measureResponsiveness(() => harness.client.api.fetchMessageSource(ref));
    const body = first.result;
    const lines = [
      `Opening a ${(sourceBytes / 1048576).toFixed(1)} MB message (attachment ${(message.attachmentEncodedBytes / 1048576).toFixed(1)} MB as sent, ${(message.attachmentBytes / 1048576).toFixed(1)} MB decoded) through the engine; target: event loop never late by ${TARGET_LOOP_MS} ms or more.`,
      '',
      '| step | took | loop delay max | loop delay p99 | RSS high-water rise | RSS sampled peak rise | loop < 50 ms |',
      '|---|---|---|---|---|---|---|',
      row(`save ${(saveFirst.result.size / 1048576).toFixed(1)} MB attachment, first time (download + streamed decode + read out)`, saveFirst),
      row('save it again (from the kept source)', saveAgain),
      row('save it through the whole-message parse (the fallback), for comparison', saveWhole),
      row(`before: fetchAttachment of a ${(previous.attachmentBytes / 1048576).toFixed(1)} MB attachment (first time; whole, base64, to the window)`, oldWay),
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
