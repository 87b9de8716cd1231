/**
 * The main window: folders | messages | reader (or the composer in the reader's place), or the add-account
 * form when there is no account yet.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { AddAccountForm } from '../features/accounts/AddAccountForm';
import { FolderTree, type MailboxSelection } from '../features/mailboxes/FolderTree';
import { uidsBetween } from '../features/messageList/listOrder';
import { MessageList, type SelectMode } from '../features/messageList/MessageList';
import { useListKeys } from '../features/messageList/useListKeys';
import { useSelectAll } from '../features/messageList/useSelectAll';
import { Reader } from '../features/reader/Reader';
import { SyncStatusView } from '../features/syncStatus/SyncStatusView';
import { MessageToolbar } from '../features/actions/MessageToolbar';
import { useMarkReadOnOpen } from '../features/actions/useMarkReadOnOpen';
import { Composer } from '../features/composer/Composer';
import type { ComposeIntent } from '../features/composer/composeDraft';
import { OutboxIndicator } from '../features/composer/OutboxIndicator';
import { SendingToast } from '../features/composer/SendingToast';
import { useComposeShortcut } from '../features/composer/useComposeShortcut';
import { useSession } from '../state/sessionContext';
import { StatusBar } from '../ui/StatusBar';
import { ShortcutsOverlay } from '../ui/ShortcutsOverlay';
import { UndoToast } from '../ui/UndoToast';
import { useWindowTitle } from './useWindowTitle';

export function App() {
  const session = useSession();
  const accounts = useLiveQuery(() => session.db.accounts.toArray(), [session]);
  const [adding, setAdding] = useState(false);
  const [mailbox, setMailbox] = useState<MailboxSelection | null>(null);
  const [selection, setSelection] = useState<{ uids: number[]; anchor: number | null }>({ uids: [], anchor: null });
  const uid = selection.uids.length === 1 ? (selection.uids[0] ?? null) : null;
  const setUid = (next: number | null) => setSelection({ uids: next === null ? [] : [next], anchor: next });

  const firstInbox = useLiveQuery(async () => {
    const first = accounts?.[0];
    if (!first) return null;
    const boxes = await session.db.mailboxes.where('accountId').equals(first.id).toArray();
    const inbox = boxes.find((box) => box.specialUse === 'inbox');
    return inbox ? { accountId: first.id, path: inbox.path } : null;
  }, [session, accounts]);
  // The open folder may be deleted or renamed on another device: then fall back to the first INBOX.
  const selectedExists = useLiveQuery(async () => (mailbox ? Boolean(await session.db.mailboxes.get([mailbox.accountId, mailbox.path])) : false), [session, mailbox]);
  const current = (selectedExists ? mailbox : null) ?? firstInbox ?? null;
  const [showSyncStatus, setShowSyncStatus] = useState(false);
  const [compose, setCompose] = useState<{ intent: ComposeIntent; seq: number } | null>(null);
  const startCompose = (intent: ComposeIntent) => {
    if (compose && !window.confirm('Replace the message you are writing?')) return;
    setCompose({ intent, seq: (compose?.seq ?? 0) + 1 });
  };
  const composeNew = () => {
    const accountId = current?.accountId ?? accounts?.[0]?.id;
    if (accountId) startCompose({ kind: 'new', accountId });
  };
  useComposeShortcut(compose === null && (accounts?.length ?? 0) > 0 && !adding, composeNew);
  useMarkReadOnOpen(current && uid !== null ? { ...current, uid } : null);

  const openMailbox = (folder: MailboxSelection) => {
    setMailbox(folder);
    setUid(null);
    void session.openMailbox(folder.accountId, folder.path);
  };

  const select = (target: number, mode: SelectMode) => {
    if (!current) return;
    if (mode === 'only' || selection.anchor === null) return setUid(target);
    if (mode === 'toggle') {
      const uids = selection.uids.includes(target) ? selection.uids.filter((u) => u !== target) : [...selection.uids, target];
      return setSelection({ uids, anchor: target });
    }
    const anchor = selection.anchor;
    void uidsBetween(session.db, current, anchor, target).then((uids) => setSelection({ uids, anchor }));
  };

  useListKeys(current, uid, setUid, () => setUid(null));
  useSelectAll(current, (uids) => setSelection({ uids, anchor: uids[0] ?? null }));
  useWindowTitle(session.db);

  if (accounts === undefined) return <div className="app loading" aria-busy="true" />;

  if (accounts.length === 0 || adding) {
    return (
      <div className="app onboarding">
        <AddAccountForm onDone={() => setAdding(false)} onCancel={accounts.length > 0 ? () => setAdding(false) : undefined} />
        <StatusBar />
      </div>
    );
  }

  return (
    <div className="app">
      <div className="panes">
        <div className="folder-column">
          <div className="compose-bar">
            <button type="button" className="compose-button" onClick={composeNew} title="Compose (c)">Compose</button>
            <OutboxIndicator onEdit={(row) => startCompose({ kind: 'edit', row })} />
          </div>
          <FolderTree selected={current} onSelect={openMailbox} onAddAccount={() => setAdding(true)} />
        </div>
        {current ? <MessageList mailbox={current} selectedUids={selection.uids} onSelect={select} /> : <section className="list-pane empty"><p>Loading folders…</p></section>}
        {compose ? (
          <div className="reader-column">
            <Composer key={compose.seq} intent={compose.intent} onClose={() => setCompose(null)} />
          </div>
        ) : current && uid !== null ? (
          <div className="reader-column">
            <MessageToolbar selection={{ ...current, uids: [uid] }} onDone={() => setUid(null)} onCompose={(kind) => startCompose({ kind, ...current, uid })} />
            <Reader mailbox={current} uid={uid} />
          </div>
        ) : current && selection.uids.length > 1 ? (
          <div className="reader-column">
            <MessageToolbar selection={{ ...current, uids: selection.uids }} onDone={() => setUid(null)} />
            <article className="reader-pane empty"><p>{selection.uids.length} messages selected</p></article>
          </div>
        ) : (
          <article className="reader-pane empty"><p>Select a message to read it.</p></article>
        )}
      </div>
      <StatusBar onShowSyncStatus={() => setShowSyncStatus(true)} />
      <UndoToast />
      <ShortcutsOverlay />
      <SendingToast onUndo={(row) => startCompose({ kind: 'edit', row })} />
      {showSyncStatus && <SyncStatusView onClose={() => setShowSyncStatus(false)} />}
    </div>
  );
}
