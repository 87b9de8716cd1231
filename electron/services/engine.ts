/**
 * The engine: everything behind the contract, independent of how it is hosted. The Electron main process
 * and browser mode both build one with createEngine and hand each transport connection to `connect`.
 */
import type { AccountInput, AccountSummary } from '../../shared/contract/accounts';
import type { Connection, EmitEvent } from '../../shared/ipc/serve';
import type { Transport } from '../../shared/ipc/transport';
import type { DiscoveryOverrides } from '../accounts/discovery/createDiscoveryDeps';
import type { OAuthConfig } from '../accounts/oauth/oauthProviders';
import type { SecretStore } from '../store/secretStore';
import type { ImapTimeouts } from '../imap/imapClient';
import type { Logger } from './logger';
import type { DesktopShell } from './desktopShell';
import type { DownloadOffers } from './downloadOffers';

export interface EngineOptions {
  dataDir: string;
  secrets: SecretStore;
  host: 'electron' | 'web';
  version: string;
  log: Logger;
  /** How often every folder's status is polled (LIST-STATUS); default 30 s. */
  pollIntervalMs?: number;
  /** Dead-link detection; the defaults notice a silently dead connection within about two minutes. */
  timeouts?: ImapTimeouts;
  /** After a provider refused a connection, the first wait before trying to open it again; default 5 min. */
  pushRetryMs?: number;
  /** The desktop around the window (badge, tray); absent in browser mode. */
  desktop?: DesktopShell;
  /** Browser mode's one-time download URLs for saved attachments; absent in the desktop app (it has a save dialog). */
  downloads?: DownloadOffers;
  /** Where settings discovery looks (tests point it at local stubs); the real network and system CAs by default. */
  discovery?: DiscoveryOverrides;
  /** OAuth2 clients (client ids, and endpoints in tests); a provider without one offers no sign-in. */
  oauth?: OAuthConfig;
  /**
   * The MIME worker's entry: the bundled `mimeWorker.js` in the desktop app; by default the TypeScript source,
   * loaded through tsx (browser mode and tests run from source).
   */
  mimeWorkerScript?: URL;
}

export interface Engine {
  /** Serves the contract to one renderer connection until it closes; the function returned ends it sooner. */
  serve(transport: Transport): () => void;
  /** Adds an account without the connection test (the demo's pre-configured account). */
  addAccount(input: AccountInput): Promise<AccountSummary>;
  /** Reconnect every account now (the machine woke up, the network came back). */
  wake(): void;
  shutdown(): Promise<void>;
}

/** The engine on the caller's own thread (tests, and the engine's thread itself), which can also hand out an API directly. */
export interface InProcessEngine extends Engine {
  /** A contract implementation bound to one renderer connection (events go to `emit`). */
  connect(emit: EmitEvent): Connection;
  /**
   * Serves a connection whose far end holds each delta until the one before it is acknowledged (the engine
   * thread's relay, see electron/transport/deltaGate.ts), so deltas leave as soon as they are ready.
   */
  serveThroughHost(transport: Transport): () => void;
}
