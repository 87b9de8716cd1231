/**
 * For a suite of describeOnServers: a server under test whose INBOX holds `count` messages, and an engine
 * harness beside it, both started before the suite's tests and closed after them. Read inside a test.
 */
import { afterAll, beforeAll } from 'vitest';
import { startEngineHarness, type EngineHarness } from './engineHarness';
import { startServerUnderTest, type ServerKind, type ServerUnderTest } from './serverUnderTest';

export interface SeededServer {
  readonly server: ServerUnderTest;
  readonly harness: EngineHarness;
}

export function useSeededServer(kind: ServerKind, options: { user: string; password: string; count: number }): SeededServer {
  let server: ServerUnderTest | undefined;
  let harness: EngineHarness | undefined;
  beforeAll(async () => {
    server = await startServerUnderTest(kind, { user: options.user, password: options.password });
    await server.seedInbox(options.count);
    harness = await startEngineHarness({ pollIntervalMs: 3_600_000 });
  }, 240_000);
  afterAll(async () => {
    await harness?.close();
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error('useSeededServer: read inside a test, after beforeAll');
      return server;
    },
    get harness() {
      if (!harness) throw new Error('useSeededServer: read inside a test, after beforeAll');
      return harness;
    },
  };
}
