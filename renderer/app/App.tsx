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
import { SearchBox } from '../features/search/SearchBox';
import { SearchResults, type OpenResult } from '../features/search/SearchResults';
import { SmartFolderList } from '../features/search/SmartFolderList';
import { SMART_FOLDERS, type SmartFolder } from '../features/search/smartFolders';
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
  // The list shows search results while the box has text, or a smart folder while one is chosen.
  const [searchText, setSearchText] = useState('');
  const [smartId, setSmartId] = useState<SmartFolder['id'] | null>(null);
  const [openResult, setOpenResult] = useState<OpenResult | null>(null);
  const smart = SMART_FOLDERS.find((folder) => folder.id === smartId);
  const resultsMode = searchText.trim() !== '' || smart !== undefined;
  const readerTarget = resultsMode ? openResult : current && uid !== null ? { ...current, uid } : null;
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
  useMarkReadOnOpen(readerTarget);

  const openMailbox = (folder: MailboxSelection) => {
    setMailbox(folder);
    setUid(null);
    setSmartId(null);
    setSearchText('');
    setOpenResult(null);
    void session.openMailbox(folder.accountId, folder.path);
  };
  const openSmart = (id: SmartFolder['id']) => {
    setSmartId(id);
    setSearchText('');
    setOpenResult(null);
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

  useListKeys(resultsMode ? null : current, uid, setUid, () => setUid(null));
  useSelectAll(resultsMode ? null : current, (uids) => setSelection({ uids, anchor: uids[0] ?? null }));
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
          <SmartFolderList selected={searchText.trim() ? null : smartId} onSelect={openSmart} />
          <FolderTree selected={resultsMode ? null : current} onSelect={openMailbox} onAddAccount={() => setAdding(true)} />
        </div>
        <div className="list-column">
          <SearchBox value={searchText} onChange={setSearchText} />
          {searchText.trim() ? (
            <SearchResults text={searchText} scope={current} server open={openResult} onOpen={setOpenResult} emptyText="No cached message matches. Check the spelling, or search another folder with in:" />
          ) : smart ? (
            <SearchResults key={smart.id} text={smart.query} title={smart.label} scope={null} server={false} open={openResult} onOpen={setOpenResult} emptyText={smart.emptyText} />
          ) : current ? (
            <MessageList mailbox={current} selectedUids={selection.uids} onSelect={select} />
          ) : (
            <section className="list-pane empty"><p>Loading folders…</p></section>
          )}
        </div>
        {compose ? (
          <div className="reader-column">
            <Composer key={compose.seq} intent={compose.intent} onClose={() => setCompose(null)} />
          </div>
        ) : readerTarget ? (
          <div className="reader-column">
            <MessageToolbar
              selection={{ accountId: readerTarget.accountId, path: readerTarget.path, uids: [readerTarget.uid] }}
              onDone={() => (resultsMode ? setOpenResult(null) : setUid(null))}
              onCompose={(kind) => startCompose({ kind, ...readerTarget })}
            />
            <Reader mailbox={readerTarget} uid={readerTarget.uid} />
          </div>
        ) : !resultsMode && current && selection.uids.length > 1 ? (
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
