import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountStatus } from '../../shared/contract/accounts';
import type { DraftLocation, DraftMessage, DraftSaveOutcome } from '../../shared/contract/drafts';
import { TernError } from '../../shared/contract/errors';
import type { TernClient } from '../../shared/ipc/createClient';
import { openTernDb, type TernDb } from '../cache/db';
import type { Draft } from '../features/composer/composeDraft';
import { DraftSync } from './draftSync';

/** Main stand-in: a Drafts folder that keeps what saveDraft/removeDraft do to it, like the real one. */
function fakeMain() {
  const folder = new Map<number, DraftMessage>();
  const saves: { draft: DraftMessage; replaces: DraftLocation | null }[] = [];
  const removes: string[] = [];
  let nextUid = 1;
  let offline = false;
  const statusHandlers = new Set<(status: AccountStatus) => void>();
  const client = {
    api: {
      saveDraft: async ({ draft, replaces }: { accountId: string; draft: DraftMessage; replaces: DraftLocation | null }): Promise<DraftSaveOutcome> => {
        if (offline) throw new TernError('HOST_UNREACHABLE', 'offline');
        saves.push({ draft, replaces });
        const uid = nextUid++;
        folder.set(uid, draft);
        for (const [other, version] of folder) if (other !== uid && version.draftId === draft.draftId) folder.delete(other);
        return { status: 'saved', location: { path: 'Drafts', uid, uidValidity: '1' }, removed: 0 };
      },
      removeDraft: async ({ draftId }: { accountId: string; draftId: string }) => {
        if (offline) throw new TernError('HOST_UNREACHABLE', 'offline');
        removes.push(draftId);
        for (const [uid, version] of folder) if (version.draftId === draftId) folder.delete(uid);
      },
    },
    on: (name: string, handler: (status: AccountStatus) => void) => {
      if (name === 'accountStatusChanged') statusHandlers.add(handler);
      return () => statusHandlers.delete(handler);
    },
  } as unknown as TernClient;
  return {
    client,
    folder,
    saves,
    removes,
    setOffline: (value: boolean) => (offline = value),
    online: (accountId: string) =>
      statusHandlers.forEach((handler) => handler({ accountId, state: 'online', error: null, retryAt: null, capabilities: [], lastSyncedAt: null })),
  };
}

const draft = (body: string, overrides: Partial<Draft> = {}): Draft => ({
  draftId: 'd0000000000000000000000000000001',
  serverDraft: null,
  accountId: 'acc',
  to: 'bob@example.test',
  cc: '',
  bcc: '',
  subject: 'Plans',
  body,
  format: 'plain',
  html: '',
  attachments: [],
  original: null,
  messageId: null,
  identityId: null,
  notice: null,
  ...overrides,
});

const toMessage = (value: Draft): DraftMessage => ({ draftId: value.draftId, to: [], cc: [], bcc: [], subject: value.subject, text: value.body, attachments: [], original: null });
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Long enough that a write slowed by a loaded machine never looks like a pause in typing.
const QUIET = 250;

let db: TernDb;
let sync: DraftSync | null = null;

beforeEach(() => {
  db = openTernDb(`drafts-${Math.random()}`);
});

afterEach(async () => {
  sync?.stop();
  db.close();
  await db.delete();
});

function start(main: ReturnType<typeof fakeMain>) {
  const host = { syncMailbox: async () => undefined, reportError: (error: unknown) => void error };
  sync = new DraftSync(main.client, db, host, { quietMs: QUIET, retryDelaysMs: [40], toMessage });
  return sync;
}

describe('DraftSync', () => {
  it('stores every change at once and sends only the last one, after a quiet moment', async () => {
    const main = fakeMain();
    const drafts = start(main);
    await drafts.write(draft('H'));
    await drafts.write(draft('He'));
    await drafts.write(draft('Hello'));
    expect((await db.drafts.get('d0000000000000000000000000000001'))?.draft.body).toBe('Hello');
    expect(main.saves).toHaveLength(0);
    await wait(QUIET * 3);
    expect(main.saves.map((save) => save.draft.text)).toEqual(['Hello']);
    expect(await db.drafts.get('d0000000000000000000000000000001')).toMatchObject({ version: 3, savedVersion: 3, server: { uid: 1 } });
  });

  it('replaces the version it saved before, so the server keeps one', async () => {
    const main = fakeMain();
    const drafts = start(main);
    await drafts.write(draft('one'));
    await drafts.saveNow('d0000000000000000000000000000001');
    await drafts.write(draft('two'));
    await drafts.saveNow('d0000000000000000000000000000001');
    expect(main.saves.map((save) => save.replaces?.uid ?? null)).toEqual([null, 1]);
    expect([...main.folder.values()].map((version) => version.text)).toEqual(['two']);
  });

  it('keeps an offline draft here and sends it when the account is back', async () => {
    const main = fakeMain();
    main.setOffline(true);
    const drafts = start(main);
    await drafts.start();
    await drafts.write(draft('written on the train'));
    await wait(QUIET * 3);
    expect(main.saves).toHaveLength(0);
    expect((await db.drafts.get('d0000000000000000000000000000001'))?.error).toMatch(/^Saved on this computer; not yet in Drafts/);
    main.setOffline(false);
    main.online('acc');
    await wait(QUIET);
    expect([...main.folder.values()].map((version) => version.text)).toEqual(['written on the train']);
    expect(await db.drafts.get('d0000000000000000000000000000001')).toMatchObject({ savedVersion: 1, error: null });
  });

  it('forgets at start a copy the server has had for a week, and keeps one it does not have yet', async () => {
    const main = fakeMain();
    main.setOffline(true);
    const old = Date.now() - 8 * 86_400_000;
    const row = { accountId: 'acc', version: 2, savedVersion: 2, server: null, state: 'open' as const, updatedAt: old, error: null };
    await db.drafts.bulkPut([
      { ...row, draftId: 'd0000000000000000000000000000010', draft: draft('saved long ago', { draftId: 'd0000000000000000000000000000010' }) },
      { ...row, draftId: 'd0000000000000000000000000000011', draft: draft('never saved', { draftId: 'd0000000000000000000000000000011' }), savedVersion: 1 },
    ]);
    await start(main).start();
    expect((await db.drafts.toArray()).map((kept) => kept.draftId)).toEqual(['d0000000000000000000000000000011']);
  });

  it('removes a discarded draft from the server, later if it must, and forgets a sent one here only', async () => {
    const main = fakeMain();
    const drafts = start(main);
    await drafts.write(draft('soon gone'));
    await drafts.saveNow('d0000000000000000000000000000001');
    main.setOffline(true);
    await drafts.discard(draft('soon gone'));
    expect(await db.drafts.get('d0000000000000000000000000000001')).toMatchObject({ state: 'discarded' });
    main.setOffline(false);
    await wait(QUIET * 2);
    expect(main.folder.size).toBe(0);
    expect(await db.drafts.count()).toBe(0);

    const other = draft('sent', { draftId: 'd0000000000000000000000000000002' });
    await drafts.write(other);
    await drafts.forget(other.draftId);
    await wait(QUIET * 2);
    expect(await db.drafts.count()).toBe(0);
    expect(main.saves.filter((save) => save.draft.draftId === other.draftId)).toHaveLength(0);
  });
});
