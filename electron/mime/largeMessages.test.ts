/**
 * The handbook's measured parser limits, as tests with fixed bounds: 3000-deep nesting, 20,000 parts, a 20 MB
 * header and a 200 MB message each come back quickly, with something to show, and without growing the peak
 * memory of the process by more than a set amount. (The 200 MB message never gets here from a server: the
 * fetch refuses it by size first, see hostileServer.int.test.ts; this is the second line of defence.)
 */
import { describe, expect, it } from 'vitest';
import { deeplyNestedMessage, hugeHeaderMessage, manyPartsMessage } from '../testing/hostileMessages';
import { brokenBodyRules } from '../testing/messageInvariants';
import { extractAttachment } from './extractAttachment';
import { parseMessage } from './parseMessage';

/** How far the process's peak resident memory rose while `work` ran, with its duration. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; peakRiseMb: number }> {
  const peakBefore = process.resourceUsage().maxRSS;
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started, peakRiseMb: (process.resourceUsage().maxRSS - peakBefore) / 1024 };
}

describe('messages at and past the parser limits', () => {
  it('3000-deep nesting: refused by the depth limit, shown as raw text', async () => {
    const source = deeplyNestedMessage(3000);
    const { result: body, ms, peakRiseMb } = await measured(() => parseMessage(1, source));
    expect(body.notice).toMatch(/nesting depth of 100 levels exceeded.*raw text/);
    expect(body.text).toContain('at the bottom');
    expect(brokenBodyRules(body)).toEqual([]);
    expect(ms).toBeLessThan(2000);
    expect(peakRiseMb).toBeLessThan(200);
  });

  it('20,000 parts: the text, the first 500 attachments listed, each still saveable', async () => {
    const source = manyPartsMessage(20_000);
    const { result: body, ms, peakRiseMb } = await measured(() => parseMessage(1, source));
    expect(body.text).toContain('the text');
    expect(body.attachments).toHaveLength(500);
    expect(brokenBodyRules(body)).toEqual([]);
    expect(ms).toBeLessThan(10_000);
    expect(peakRiseMb).toBeLessThan(400);
    await expect(extractAttachment(source, 499)).resolves.toMatchObject({ filename: 'f499.bin' });
    await expect(extractAttachment(source, 500)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  }, 30_000);

  it('a 20 MB header: refused by the header limit, the body shown as raw text', async () => {
    const source = hugeHeaderMessage(20 * 1024 * 1024);
    const { result: body, ms, peakRiseMb } = await measured(() => parseMessage(1, source));
    expect(body.notice).toMatch(/header size .* exceeded/);
    expect(body.text).toContain('the body after a huge header');
    expect(brokenBodyRules(body)).toEqual([]);
    expect(ms).toBeLessThan(2000);
    expect(peakRiseMb).toBeLessThan(200);
  });

  it('a 200 MB message: refused before parsing, with its size in the note and its beginning shown', async () => {
    const head = Buffer.from('Subject: two hundred megabytes\r\nContent-Type: text/plain\r\n\r\nThe first line of a very long message.\r\n');
    const source = Buffer.concat([head, Buffer.alloc(200 * 1024 * 1024 - head.length, 0x41)]);
    const { result: body, ms, peakRiseMb } = await measured(() => parseMessage(1, source));
    expect(body.notice).toBe('This message is 200 MB, more than Tern opens (64 MB). Only its beginning is shown, as raw text.');
    expect(body.text?.startsWith('The first line of a very long message.')).toBe(true);
    expect(body.text?.length).toBeLessThanOrEqual(64 * 1024);
    expect(ms).toBeLessThan(500);
    expect(peakRiseMb).toBeLessThan(50);
  });
});
