/**
 * Decoded attachments on their way out of the engine, in a private folder of the data dir (0700, files 0600,
 * emptied at start). The MIME worker writes each one here; the host's delivery then owns the file (copies it
 * where the user chose, or serves it once). An answer that asks the user first ("this is a program") keeps
 * the file a short while, so the follow-up call does not decode the message again.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { WrittenAttachment } from '../mime/writeAttachment';

export interface PreparedAttachment extends WrittenAttachment {
  file: string;
}

const DEFAULT_HOLD_MS = 2 * 60_000;

export class AttachmentExports {
  private readonly held = new Map<string, { prepared: PreparedAttachment; timer: NodeJS.Timeout }>();
  private ready: Promise<void> | null = null;

  constructor(
    readonly dir: string,
    private readonly holdMs = DEFAULT_HOLD_MS,
  ) {}

  /** The file for `key`: one held for a follow-up, or written now by `write` to a new path. The caller owns it. */
  async take(key: string, write: (target: string) => Promise<WrittenAttachment>): Promise<PreparedAttachment> {
    const held = this.held.get(key);
    if (held) {
      clearTimeout(held.timer);
      this.held.delete(key);
      return held.prepared;
    }
    await (this.ready ??= rm(this.dir, { recursive: true, force: true }).then(() => mkdir(this.dir, { recursive: true, mode: 0o700 }).then(() => undefined)));
    const file = join(this.dir, `${randomBytes(12).toString('hex')}.part`);
    try {
      return { ...(await write(file)), file };
    } catch (error) {
      await unlink(file).catch(() => undefined);
      throw error;
    }
  }

  /** Keeps `prepared` for the next take of `key` (within the hold time), then deletes it. */
  hold(key: string, prepared: PreparedAttachment): void {
    const previous = this.held.get(key);
    if (previous && previous.prepared.file !== prepared.file) void this.discard(previous.prepared.file);
    if (previous) clearTimeout(previous.timer);
    const timer = setTimeout(() => {
      this.held.delete(key);
      void this.discard(prepared.file);
    }, this.holdMs);
    timer.unref();
    this.held.set(key, { prepared, timer });
  }

  async discard(file: string): Promise<void> {
    await unlink(file).catch(() => undefined);
  }

  async close(): Promise<void> {
    const held = [...this.held.values()];
    this.held.clear();
    for (const entry of held) clearTimeout(entry.timer);
    await Promise.all(held.map((entry) => this.discard(entry.prepared.file)));
  }
}
