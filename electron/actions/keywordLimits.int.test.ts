/**
 * Tags are IMAP keywords, and a server may refuse to keep them. Here Dovecot's ACL plugin takes the "w" right
 * on one folder (flags other than \Seen and \Deleted): its PERMANENTFLAGS become (\Deleted \Seen), without `\*`,
 * so a tag would be accepted for the session and gone at the next sync. Tern refuses it with a reason.
 */
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageAction } from '../../shared/contract/actions';
import { startPrivateDovecot, type PrivateDovecot } from '../demo/privateDovecot';
import { startSmtpRelay } from '../smtp/lmtpRelay';
import { serverSnapshot } from '../testing/cacheMirror';
import { startEngineHarness, type EngineHarness } from '../testing/engineHarness';
import { plainMessage } from '../testing/testMessages';

const USER = 'kim@example.test';
const PASSWORD = 'keywords-pw';
const cleanups: (() => Promise<unknown>)[] = [];
let dovecot: PrivateDovecot;
let harness: EngineHarness;
let accountId: string;

beforeAll(async () => {
  dovecot = await startPrivateDovecot({ users: [{ user: USER, password: PASSWORD }], extraConfig: 'mail_plugins = $mail_plugins acl\nplugin {\n  acl = vfile\n}\n' });
  cleanups.push(() => dovecot.stop());
  const relay = await startSmtpRelay({ lmtpHost: '127.0.0.1', lmtpPort: dovecot.lmtpPort, users: [{ user: USER, password: PASSWORD }] });
  cleanups.push(() => relay.close());
  await dovecot.doveadm(['mailbox', 'create', '-u', USER, 'Full']);
  await dovecot.saveMessage(USER, 'Full', plainMessage(1));
  await dovecot.saveMessage(USER, 'INBOX', plainMessage(2));
  // The owner may read, mark seen, insert, delete, expunge — but not write other flags or keywords.
  const acl = join((await dovecot.doveadm(['mailbox', 'path', '-u', USER, 'Full'])).trim(), 'dovecot-acl');
  await writeFile(acl, 'owner lrsitekxa\n');
  await chmod(acl, 0o644);
  harness = await startEngineHarness({ pollIntervalMs: 60_000 });
  cleanups.push(() => harness.close());
  accountId = await harness.addAccount({ dovecot, smtpPort: relay.port, user: USER, password: PASSWORD });
});

afterAll(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function tag(path: string, add: string[]) {
  await harness.sync(accountId, path);
  const uidValidity = harness.mirror.cursor(accountId, path)!.uidValidity;
  const uid = Number((await serverSnapshot(dovecot, USER, path))[0]!.split(':')[0]);
  const action: MessageAction = { kind: 'setFlags', accountId, path, uidValidity, uids: [uid], add, remove: [] };
  return harness.client.api.applyAction({ action });
}

describe('keywords the server will not keep', () => {
  it('refuses a new tag where PERMANENTFLAGS lacks \\*, with a reason, and changes nothing', async () => {
    await expect(tag('Full', ['$label1', '\\Flagged'])).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/does not keep the tag “Important”, \\Flagged on messages in “Full”/) });
    const [line] = await serverSnapshot(dovecot, USER, 'Full');
    expect(line).not.toContain('$label1');
    expect(line).not.toContain('\\Flagged');
  });

  it('still sets the flags the folder keeps, and tags where the server allows any', async () => {
    await tag('Full', ['\\Seen']);
    expect((await serverSnapshot(dovecot, USER, 'Full'))[0]).toContain('\\Seen');
    await tag('INBOX', ['$Project']);
    expect((await serverSnapshot(dovecot, USER, 'INBOX'))[0]).toContain('$Project');
  });
});
