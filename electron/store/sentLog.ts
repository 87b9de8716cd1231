/**
 * The Message-IDs each account has sent, in sent-log.json under the data dir: what makes sending idempotent.
 * A renderer that retries a message after a crash mid-send (same Message-ID) is answered from here instead
 * of sending it again. Written atomically, and awaited before main reports a message as sent. Entries are
 * kept for 180 days, at most 5000 per account (an outbox item older than that is not retried anyway).
 */
import { join } from 'node:path';
import type { SendOutcome } from '../../shared/contract/compose';
import { readJsonFile, writeJsonFile } from './jsonFile';

export type SentOutcome = Extract<SendOutcome, { status: 'sent' }>;

export interface SentRecord {
  sentAt: number;
  outcome: SentOutcome;
}

interface SentLogFile {
  version: 1;
  accounts: Record<string, Record<string, SentRecord>>;
}

const KEEP_MS = 180 * 24 * 60 * 60 * 1000;
const KEEP_PER_ACCOUNT = 5000;

export class SentLog {
  private readonly path: string;
  private cache: SentLogFile | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(dataDir: string) {
    this.path = join(dataDir, 'sent-log.json');
  }

  async get(accountId: string, messageId: string): Promise<SentRecord | null> {
    const file = await this.load();
    const records = file.accounts[accountId];
    return records && Object.hasOwn(records, messageId) ? structuredClone(records[messageId]!) : null;
  }

  /** Records (or updates) a sent message; resolves once it is on disk. */
  async record(accountId: string, messageId: string, record: SentRecord): Promise<void> {
    const file = await this.load();
    const records: Record<string, SentRecord> = Object.hasOwn(file.accounts, accountId) ? file.accounts[accountId]! : {};
    records[messageId] = structuredClone(record);
    file.accounts[accountId] = prune(records, record.sentAt);
    await this.save(file);
  }

  /** Drops everything recorded for a removed account. */
  async forget(accountId: string): Promise<void> {
    const file = await this.load();
    if (!Object.hasOwn(file.accounts, accountId)) return;
    delete file.accounts[accountId];
    await this.save(file);
  }

  private async load(): Promise<SentLogFile> {
    if (this.cache) return this.cache;
    const read = await readJsonFile<SentLogFile>(this.path, { version: 1, accounts: {} });
    // A file from elsewhere (or damaged) must not turn into prototype keys: rebuild it from own entries only.
    const accounts: SentLogFile['accounts'] = Object.create(null) as SentLogFile['accounts'];
    for (const [accountId, records] of Object.entries(read?.accounts ?? {})) {
      if (typeof records !== 'object' || records === null) continue;
      const kept: Record<string, SentRecord> = Object.create(null) as Record<string, SentRecord>;
      for (const [messageId, record] of Object.entries(records)) {
        if (record && typeof record.sentAt === 'number' && record.outcome?.status === 'sent') kept[messageId] = record;
      }
      accounts[accountId] = kept;
    }
    this.cache ??= { version: 1, accounts };
    return this.cache;
  }

  private async save(file: SentLogFile): Promise<void> {
    const snapshot = JSON.parse(JSON.stringify(file)) as SentLogFile;
    this.writing = this.writing.catch(() => undefined).then(() => writeJsonFile(this.path, snapshot, 0o600));
    await this.writing;
  }
}

function prune(records: Record<string, SentRecord>, now: number): Record<string, SentRecord> {
  const entries = Object.entries(records)
    .filter(([, record]) => now - record.sentAt < KEEP_MS)
    .sort(([, a], [, b]) => b.sentAt - a.sentAt)
    .slice(0, KEEP_PER_ACCOUNT);
  const kept: Record<string, SentRecord> = Object.create(null) as Record<string, SentRecord>;
  for (const [messageId, record] of entries) kept[messageId] = record;
  return kept;
}
