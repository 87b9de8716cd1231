/**
 * A seeded fuzzer over MIME structure, charsets, encoded words and transfer encodings (electron/testing/
 * hostileMessages.ts): every case goes through parseMessage and attachment extraction, and must come out with
 * something to show, within bounds, quickly. A failure names its seed and index; TERN_FUZZ_SEED and
 * TERN_FUZZ_CASES replay or widen the run (`npm run fuzz:messages` runs far more cases and reports figures).
 */
import { describe, expect, it } from 'vitest';
import { hostileMessage } from '../testing/hostileMessages';
import { brokenAttachmentRules, brokenBodyRules } from '../testing/messageInvariants';
import { parseMessage } from './parseMessage';

const SEED = Number(process.env.TERN_FUZZ_SEED ?? 0x7e57);
const CASES = Number(process.env.TERN_FUZZ_CASES ?? 3000);
/** A typical case takes about a millisecond; this only catches one that hangs or goes quadratic. */
const PER_CASE_MS = 2000;

describe(`hostile messages, seed ${SEED}`, () => {
  it(`${CASES} generated messages: no crash, no hang, always something to show`, async () => {
    const failures: string[] = [];
    let rawFallbacks = 0;
    for (let index = 0; index < CASES && failures.length < 5; index++) {
      const { source, recipe } = hostileMessage(SEED, index);
      const started = performance.now();
      const broken: string[] = [];
      try {
        const body = await parseMessage(index + 1, source);
        if (body.notice?.includes('raw text')) rawFallbacks++;
        broken.push(...brokenBodyRules(body));
        const listed = body.attachments.length;
        for (const at of new Set([0, listed - 1].filter((i) => i >= 0))) broken.push(...(await brokenAttachmentRules(source, at)));
      } catch (error) {
        broken.push(`threw ${(error as Error).stack ?? String(error)}`);
      }
      const ms = performance.now() - started;
      if (ms > PER_CASE_MS) broken.push(`took ${Math.round(ms)} ms`);
      if (broken.length > 0) failures.push(`case ${index} (seed ${SEED}; ${recipe.join(' | ')}): ${broken.join('; ')}`);
    }
    expect(failures).toEqual([]);
    // The generator must keep producing broken structures, or this test would prove little.
    expect(rawFallbacks).toBeGreaterThan(CASES / 20);
  }, 120_000);
});
