/**
 * A suite run once per server (`describeOnServers(['dovecot', 'cyrus'], 'against %s', ({ kind }) => …)`). A server
 * that cannot run here gets one skipped test that names it and says why, instead of its suite.
 */
import { describe, it } from 'vitest';
import { serversFor, type ServerChoice, type ServerKind } from './serverUnderTest';

export async function describeOnServers(kinds: ServerKind[], title: string, suite: (server: ServerChoice) => void): Promise<void> {
  describe.each(await serversFor(kinds))(title, (label, choice) => {
    if (choice.unavailable !== null) {
      it.skip(`needs ${label}: ${choice.unavailable}`, () => {});
      return;
    }
    suite(choice);
  });
}
