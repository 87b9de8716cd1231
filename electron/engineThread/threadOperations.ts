/**
 * What the engine's thread and its host's thread say to each other besides the contract. The engine keeps
 * everything it can; the host keeps what only its thread may touch (Electron's safeStorage, dialogs, tray and
 * windows; browser mode's download server) and lends it through these operations.
 */
import type { MessagePort } from 'node:worker_threads';
import type { AccountInput, AccountSummary } from '../../shared/contract/accounts';
import type { OAuthConfig } from '../accounts/oauth/oauthProviders';
import type { ImapTimeouts } from '../imap/imapClient';
import type { DownloadOffer } from '../services/downloadOffers';

/** Everything the engine's thread starts from (workerData: structured-clonable values only). */
export interface EngineThreadInit {
  dataDir: string;
  host: 'electron' | 'web';
  version: string;
  verbose: boolean;
  pollIntervalMs?: number;
  timeouts?: ImapTimeouts;
  pushRetryMs?: number;
  oauth?: OAuthConfig;
  /** `--test-discovery FILE` (E2E only), read by the engine's thread: its resolver is code, not data. */
  testDiscoveryFile?: string;
  /** The MIME worker's entry (a URL's href); the engine's default when absent. */
  mimeWorkerScript?: string;
  /** The host's secret store as it stood at start (the engine starts once the app is ready). */
  secrets: { warning: string | null; needsConsent: boolean };
  /** Which of the desktop's abilities the host lends; none in browser mode. */
  desktop: { setUnreadCount: boolean; openComposeWindow: boolean; saveFile: boolean; openFile: boolean } | null;
  downloads: boolean;
  /** How much lower than the process the engine's thread runs (Linux nice steps; 0: the same). */
  niceness: number;
  /** Measure the engine thread's event-loop delay, for `eventLoopStats` (the benchmark's `--stats-file`). */
  measureEventLoop: boolean;
}

export interface EventLoopStats {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Asked of the engine's thread by its host. */
export type EngineOperations = {
  /** A new renderer connection: the engine serves the contract on this port. */
  connect: [{ port: MessagePort }, void];
  addAccount: [AccountInput, AccountSummary];
  wake: [undefined, void];
  shutdown: [undefined, void];
  /** The delay since the last time it was asked, then a new window starts. */
  eventLoopStats: [undefined, EventLoopStats | null];
};

/** Asked of the host by the engine's thread. */
export type HostOperations = {
  secretGet: [{ key: string }, string | null];
  secretSet: [{ key: string; secret: string }, void];
  secretDelete: [{ key: string }, void];
  log: [{ line: string }, void];
  setUnreadCount: [{ count: number }, void];
  openComposeWindow: [{ draftId: string }, void];
  saveFile: [{ file: string; defaultName: string }, string | null];
  openFile: [{ file: string; name: string }, void];
  offerDownload: [DownloadOffer, string];
};
