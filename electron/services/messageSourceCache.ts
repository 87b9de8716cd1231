/**
 * Raw message sources kept on disk in the engine's data dir while they are useful: a message is downloaded
 * once into a file (streamed, never whole in memory), parsed from there by the MIME worker, and saving or
 * opening one of its attachments later reads the same file instead of downloading the message again. A
 * message's source never changes under its (account, folder, UIDVALIDITY, UID), so nothing is revalidated.
 * Bounded in bytes and files (oldest out first, never one in use), emptied at start: it is a cache.
 * On a full disk it makes room from itself (every source not in use is dropped) and downloads once more; if
 * that still does not fit, the message is not opened and the user is told the disk is full (STORAGE_FULL).
 * It is never read into memory instead: a message may be tens of megabytes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { MessageRef } from '../../shared/contract/api';
import { diskFullError, isDiskFull } from '../store/diskFull';

export interface CachedSource {
  file: string;
  size: number;
}

interface Entry extends CachedSource {
  accountId: string;
  users: number;
}

export interface MessageSourceCacheOptions {
  maxBytes?: number;
  maxFiles?: number;
}

export class MessageSourceCache {
  private readonly entries = new Map<string, Entry>();
  private readonly filling = new Map<string, Promise<Entry>>();
  private readonly maxBytes: number;
  private readonly maxFiles: number;
  private ready: Promise<void> | null = null;

  constructor(
    readonly dir: string,
    options: MessageSourceCacheOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
    this.maxFiles = options.maxFiles ?? 64;
  }

  /**
   * Runs `use` with the message's source file, filling it first with `fill` (which writes the file and
   * resolves with its size) unless it is cached. Two callers asking for the same message share one download.
   */
  async with<T>(ref: MessageRef, fill: (file: string) => Promise<number>, use: (source: CachedSource) => Promise<T>): Promise<T> {
    const key = [ref.accountId, ref.path, ref.uidValidity, String(ref.uid)].join('\u0000');
    const entry = await this.entryFor(key, ref.accountId, fill);
    entry.users++;
    try {
      return await use({ file: entry.file, size: entry.size });
    } finally {
      entry.users--;
      void this.evict();
    }
  }

  /** Drops every source of an account (removed, or its settings now point at another mailbox). */
  async forgetAccount(accountId: string): Promise<void> {
    for (const [key, entry] of this.entries) {
      if (entry.accountId !== accountId) continue;
      this.entries.delete(key);
      await unlink(entry.file).catch(() => undefined);
    }
  }

  private async entryFor(key: string, accountId: string, fill: (file: string) => Promise<number>): Promise<Entry> {
    const cached = this.entries.get(key);
    if (cached) {
      // Most recently used last: eviction takes from the front.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    let pending = this.filling.get(key);
    if (!pending) {
      pending = this.fill(key, accountId, fill).finally(() => this.filling.delete(key));
      this.filling.set(key, pending);
    }
    return pending;
  }

  private async fill(key: string, accountId: string, fill: (file: string) => Promise<number>): Promise<Entry> {
    try {
      return await this.fillOnce(key, accountId, fill);
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      if ((await this.dropUnused()) === 0) throw diskFullError('a copy of this message to open it');
    }
    try {
      return await this.fillOnce(key, accountId, fill);
    } catch (error) {
      throw isDiskFull(error) ? diskFullError('a copy of this message to open it') : error;
    }
  }

  /** Room for a message on a full disk: every cached source not being read right now goes. Returns how many. */
  private async dropUnused(): Promise<number> {
    const victims = [...this.entries].filter(([, entry]) => entry.users === 0);
    for (const [key] of victims) this.entries.delete(key);
    await Promise.all(victims.map(([, entry]) => unlink(entry.file).catch(() => undefined)));
    return victims.length;
  }

  private async fillOnce(key: string, accountId: string, fill: (file: string) => Promise<number>): Promise<Entry> {
    await (this.ready ??= rm(this.dir, { recursive: true, force: true }).then(() => mkdir(this.dir, { recursive: true, mode: 0o700 }).then(() => undefined)));
    const name = createHash('sha256').update(key).digest('hex').slice(0, 32);
    const file = join(this.dir, `${name}.eml`);
    const partial = join(this.dir, `${name}.${randomBytes(4).toString('hex')}.part`);
    try {
      const size = await fill(partial);
      await rename(partial, file);
      const entry: Entry = { file, size, accountId, users: 0 };
      this.entries.set(key, entry);
      return entry;
    } catch (error) {
      await unlink(partial).catch(() => undefined);
      throw error;
    }
  }

  /** Oldest first until within bounds; chosen synchronously, so a file in use is never taken. */
  private async evict(): Promise<void> {
    let bytes = 0;
    for (const entry of this.entries.values()) bytes += entry.size;
    const victims: Entry[] = [];
    for (const [key, entry] of this.entries) {
      if (bytes <= this.maxBytes && this.entries.size <= this.maxFiles) break;
      if (entry.users > 0) continue;
      this.entries.delete(key);
      bytes -= entry.size;
      victims.push(entry);
    }
    await Promise.all(victims.map((entry) => unlink(entry.file).catch(() => undefined)));
  }
}
