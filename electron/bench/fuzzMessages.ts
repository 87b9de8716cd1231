/**
 * `npm run fuzz:messages -- --cases 100000 --seed 32343`: the message fuzzer of electron/mime/hostileMessages.test.ts
 * at a size CI cannot afford, with figures for docs/reliability.md. Exits 1 if any case broke a rule.
 */
import { parseArgs } from 'node:util';
import { parseMessage } from '../mime/parseMessage';
import { hostileMessage } from '../testing/hostileMessages';
import { brokenAttachmentRules, brokenBodyRules } from '../testing/messageInvariants';

const { values } = parseArgs({ options: { cases: { type: 'string' }, seed: { type: 'string' } } });
const cases = Number(values.cases ?? 100_000);
const seed = Number(values.seed ?? 0x7e57);

const started = performance.now();
let bytes = 0;
let rawFallbacks = 0;
let attachmentsChecked = 0;
let slowest = { ms: 0, index: -1 };
const failures: string[] = [];
for (let index = 0; index < cases; index++) {
  const { source, recipe } = hostileMessage(seed, index);
  bytes += source.length;
  const caseStart = performance.now();
  const broken: string[] = [];
  try {
    const body = await parseMessage(index + 1, source);
    if (body.notice?.includes('raw text')) rawFallbacks++;
    broken.push(...brokenBodyRules(body));
    for (const at of new Set([0, body.attachments.length - 1].filter((i) => i >= 0))) {
      attachmentsChecked++;
      broken.push(...(await brokenAttachmentRules(source, at)));
    }
  } catch (error) {
    broken.push(`threw ${(error as Error).message}`);
  }
  const ms = performance.now() - caseStart;
  if (ms > slowest.ms) slowest = { ms, index };
  if (broken.length > 0) failures.push(`case ${index}: ${broken.join('; ')} (${recipe.join(' | ')})`);
  if (index > 0 && index % 10_000 === 0) process.stderr.write(`${index} cases, ${failures.length} failures\n`);
}
const seconds = (performance.now() - started) / 1000;
const figures = {
  seed,
  cases,
  seconds: Math.round(seconds * 10) / 10,
  averageKiB: Math.round(bytes / cases / 102.4) / 10,
  rawTextFallbacks: rawFallbacks,
  attachmentsChecked,
  slowestCaseMs: Math.round(slowest.ms),
  slowestCase: slowest.index,
  peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  failures: failures.length,
};
process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
for (const failure of failures.slice(0, 20)) process.stdout.write(`${failure}\n`);
process.exit(failures.length > 0 ? 1 : 0);
