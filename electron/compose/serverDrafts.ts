/**
 * Drafts on the server, one engine-wide instance: saving a version (APPEND, then removing every older one),
 * removing a draft that was discarded or sent, and reading one back to edit. A draft that was sent or
 * discarded is remembered as closed, so a save still on its way from a window cannot bring it back.
 */
import type { AccountSummary } from '../../shared/contract/accounts';
import type { MessageRef } from '../../shared/contract/api';
import type { DraftLocation, DraftSaveOutcome, OpenedDraft } from '../../shared/contract/drafts';
import { TernError } from '../../shared/contract/errors';
import { asciiHost } from '../../shared/domain/linkSafety';
import { appendDraft, DRAFT_ID_HEADER, findDraftsMailbox, removeDraftVersions } from '../imap/draftMessages';
import { fetchMessageSource } from '../imap/fetchMessageSource';
import { selectMailbox } from '../imap/selectMailbox';
import { formatOriginalHeader, formatUnfinishedHeader, parseDraft } from '../mime/parseDraft';
import type { AccountRuntime } from '../services/accountRuntime';
import type { EngineCore } from '../services/engineCore';
import { buildRawMessage } from '../smtp/sendMessage';
import { draftId as checkDraftId, draftLocation } from './validateOutgoing';
import { validateDraft } from './validateDraft';

export interface ServerDraftsContext {
  runtime(accountId: string): Promise<AccountRuntime>;
  account(accountId: string): Promise<AccountSummary | null>;
}

/** A Message-ID of its own for each version, so a version whose APPEND answer was lost can be found again. */
function versionMessageId(draftId: string, email: string): string {
  const domain = asciiHost(email.slice(email.lastIndexOf('@') + 1));
  const random = Math.random().toString(36).slice(2, 10);
  return `<${draftId}.${Date.now().toString(36)}${random}.draft@${domain && /^[a-z0-9.-]+$/.test(domain) ? domain : 'tern.invalid'}>`;
}

export class ServerDrafts {
  private readonly closed = new Set<string>();

  constructor(private readonly context: ServerDraftsContext) {}

  async save(accountId: string, value: unknown, replacesValue: unknown): Promise<DraftSaveOutcome> {
    const { draft, attachments } = validateDraft(value);
    const replaces = draftLocation(replacesValue);
    const key = `${accountId}\u0000${draft.draftId}`;
    if (this.closed.has(key)) return { status: 'closed' };
    const runtime = await this.context.runtime(accountId);
    const account = (await this.context.account(accountId)) ?? runtime.account;
    const identity = account.identities.find((entry) => entry.id === draft.identityId) ?? account.identities[0];
    const email = identity?.email ?? account.email;
    const messageId = versionMessageId(draft.draftId, email);
    const date = new Date();
    const headers: Record<string, string> = { [DRAFT_ID_HEADER]: draft.draftId };
    if (draft.original) headers['X-Tern-Original'] = formatOriginalHeader(draft.original);
    const unfinished = draft.unfinished ? formatUnfinishedHeader(draft.unfinished) : null;
    if (unfinished) headers['X-Tern-Unfinished'] = unfinished;
    const raw = await buildRawMessage({
      from: { name: identity?.name ?? '', address: email },
      to: draft.to,
      cc: draft.cc,
      bcc: draft.bcc,
      subject: draft.subject,
      text: draft.text,
      html: draft.html ?? null,
      messageId,
      date,
      inReplyTo: draft.original?.kind === 'reply' ? draft.original.messageId : null,
      references: [],
      attachments,
      headers,
      keepBcc: true,
    });
    return runtime.runInteractive(async (client) => {
      // Checked again on the lane: a send or discard queued before this save has run by now.
      if (this.closed.has(key)) return { status: 'closed' as const };
      const path = await findDraftsMailbox(client);
      if (path === null) return { status: 'noDraftsFolder' as const };
      const appended = await appendDraft(client, path, raw, date);
      const removed = await removeDraftVersions(client, path, draft.draftId, replaces, { uid: appended.uid, messageId });
      const location: DraftLocation | null = appended.uid !== null && appended.uidValidity !== null ? { path, uid: appended.uid, uidValidity: appended.uidValidity } : null;
      return { status: 'saved' as const, location, removed };
    });
  }

  /** Removes every copy of the draft; from now on its saves are answered "closed". */
  async remove(accountId: string, draftIdValue: unknown, locationValue: unknown): Promise<void> {
    const draftId = checkDraftId(draftIdValue);
    const location = draftLocation(locationValue);
    this.closed.add(`${accountId}\u0000${draftId}`);
    const runtime = await this.context.runtime(accountId);
    await runtime.runInteractive(async (client) => {
      const path = await findDraftsMailbox(client);
      if (path !== null) await removeDraftVersions(client, path, draftId, location, null);
    });
  }

  async open(ref: MessageRef): Promise<OpenedDraft> {
    const runtime = await this.context.runtime(ref.accountId);
    const source = await runtime.runInteractive(async (client) => {
      const selected = await selectMailbox(client, ref.path);
      if (selected.uidValidity !== ref.uidValidity) throw new TernError('NOT_FOUND', 'The Drafts folder was rebuilt on the server; its list is being refreshed.');
      return fetchMessageSource(client, ref.uid);
    });
    return parseDraft(source);
  }
}

const engines = new WeakMap<object, ServerDrafts>();

/** The engine's ServerDrafts, wired to its account connections. */
export function serverDraftsOf(core: EngineCore): ServerDrafts {
  let drafts = engines.get(core);
  if (!drafts) engines.set(core, (drafts = new ServerDrafts({ runtime: (id) => core.runtime(id), account: (id) => core.accounts.get(id) })));
  return drafts;
}
