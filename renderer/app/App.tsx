/**
 * The main window: folders | messages | reader (or the composer in the reader's place), or the add-account
 * form when there is no account yet.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { FolderTree, type MailboxSelection } from '../features/mailboxes/FolderTree';
import { uidsBetween } from '../features/messageList/listOrder';
import { MessageList, type SelectMode } from '../features/messageList/MessageList';
import { useListKeys } from '../features/messageList/useListKeys';
import { useSelectAll } from '../features/messageList/useSelectAll';
import { Reader } from '../features/reader/Reader';
import { SearchBox } from '../features/search/SearchBox';
import { SearchResults, type OpenResult } from '../features/search/SearchResults';
import { SmartFolderList } from '../features/search/SmartFolderList';
import { SORT_LABELS, SortControl } from '../features/search/SortControl';
import type { SortOrder } from '../features/search/searchIndex';
import { SMART_FOLDERS, type SmartFolder } from '../features/search/smartFolders';
import { useNewMailNotifications } from '../features/notifications/useNewMailNotifications';
import { MessageToolbar } from '../features/actions/MessageToolbar';
import { useMarkReadOnOpen } from '../features/actions/useMarkReadOnOpen';
import type { ComposeIntent } from '../features/composer/composeDraft';
import { OutboxIndicator } from '../features/composer/OutboxIndicator';
import { SendingToast } from '../features/composer/SendingToast';
import { useComposeShortcut } from '../features/composer/useComposeShortcut';
import { PANE_LIMITS, preferences, usePreferences, type Preferences } from '../state/preferences';
import { useSession } from '../state/sessionContext';
import { PaneSplitter } from '../ui/PaneSplitter';
import { StatusBar } from '../ui/StatusBar';
import { ShortcutsOverlay } from '../ui/ShortcutsOverlay';
import { UndoToast } from '../ui/UndoToast';
import { AccountSettings, AddAccountForm, Composer, SettingsDialog, SyncStatusView } from './lazyViews';
import { useFolderOnScreen } from './useFolderOnScreen';
import { useGoToKeys } from './useGoToKeys';
import { useWindowTitle } from './useWindowTitle';

/** Folder pane (or its rail), splitter, list, splitter, reader: widths from the user's preferences. */
function paneColumns(prefs: Preferences): string {
  const list = `${prefs.listPaneWidth}px 5px`;
  return prefs.folderPaneCollapsed ? `44px ${list} minmax(0, 1fr)` : `${prefs.folderPaneWidth}px 5px ${list} minmax(0, 1fr)`;
}

export function App() {
  const session = useSession();
  const prefs = usePreferences();
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
  // A folder in another order than newest first is listed from the search index (see SortControl).
  const [order, setOrder] = useState<SortOrder>('newest');
  const [grouped, setGrouped] = useState(false);
  const smart = SMART_FOLDERS.find((folder) => folder.id === smartId);
  const resultsMode = searchText.trim() !== '' || smart !== undefined || order !== 'newest' || grouped;
  const readerTarget = resultsMode ? openResult : current && uid !== null ? { ...current, uid } : null;
  // A message opened in a Drafts folder opens in the composer, to go on writing it.
  const readerInDrafts = useLiveQuery(
    async () => (readerTarget ? (await session.db.mailboxes.get([readerTarget.accountId, readerTarget.path]))?.specialUse === 'drafts' : false),
    [session, readerTarget?.accountId, readerTarget?.path],
  );
  const draftAt = readerTarget && readerInDrafts ? readerTarget : null;
  const draftIntent = useMemo<ComposeIntent | null>(
    () => (draftAt ? { kind: 'draft', accountId: draftAt.accountId, path: draftAt.path, uid: draftAt.uid } : null),
    [draftAt?.accountId, draftAt?.path, draftAt?.uid], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const [showSyncStatus, setShowSyncStatus] = useState(false);
  const [showSettings, setShowSettings] = useState(false);
  const [settingsFor, setSettingsFor] = useState<string | null>(null);
  const openAccountSettings = (accountId: string) => {
    setShowSyncStatus(false);
    setSettingsFor(accountId);
  };
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
  useNewMailNotifications(resultsMode ? null : current, (target) => {
    openMailbox({ accountId: target.accountId, path: target.path });
    setUid(target.uid);
  });
  /** A message from elsewhere (a conversation): in results it replaces the open result, else its folder opens. */
  const openMessage = (target: { accountId: string; path: string; uid: number }) => {
    if (resultsMode) return setOpenResult(target);
    if (current?.accountId !== target.accountId || current.path !== target.path) openMailbox({ accountId: target.accountId, path: target.path });
    setUid(target.uid);
  };
  const openSmart = (id: SmartFolder['id']) => {
    setSmartId(id);
    setSearchText('');
    setOpenResult(null);
  };
  useGoToKeys({
    i: () => {
      const accountId = current?.accountId ?? firstInbox?.accountId;
      void session.db.mailboxes
        .where('accountId')
        .equals(accountId ?? '')
        .toArray()
        .then((boxes) => {
          const inbox = boxes.find((box) => box.specialUse === 'inbox');
          if (accountId && inbox) openMailbox({ accountId, path: inbox.path });
        });
    },
    a: () => openSmart('inboxes'),
    u: () => openSmart('unread'),
    s: () => openSmart('flagged'),
  });

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
  useWindowTitle(session.db, session.client);
  // A smart folder (All inboxes, Unread, Flagged) spans folders: push stays on INBOX. Search and other orders
  // still show the open folder.
  useFolderOnScreen(session.client, smart && !searchText.trim() ? null : current);

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
      <div className="panes" style={{ gridTemplateColumns: paneColumns(prefs) }}>
        {prefs.folderPaneCollapsed ? (
          <div className="folder-rail">
            <button type="button" className="icon-button" aria-label="Show folders" title="Show folders" onClick={() => preferences().set({ folderPaneCollapsed: false })}>»</button>
            <button type="button" className="icon-button" aria-label="Compose" title="Compose (c)" onClick={composeNew}>+</button>
          </div>
        ) : (
          <>
            <div className="folder-column">
              <div className="compose-bar">
                <button type="button" className="compose-button" onClick={composeNew} title="Compose (c)">Compose</button>
                <OutboxIndicator onEdit={(row) => startCompose({ kind: 'edit', row })} />
                <button type="button" className="icon-button collapse-folders" aria-label="Hide folders" title="Hide folders" onClick={() => preferences().set({ folderPaneCollapsed: true })}>«</button>
              </div>
              <SmartFolderList selected={searchText.trim() ? null : smartId} onSelect={openSmart} />
              <FolderTree selected={resultsMode ? null : current} onSelect={openMailbox} onAddAccount={() => setAdding(true)} onAccountSettings={openAccountSettings} />
            </div>
            <PaneSplitter label="Folder pane width" width={prefs.folderPaneWidth} min={PANE_LIMITS.folder[0]} max={PANE_LIMITS.folder[1]} onResize={(width) => preferences().set({ folderPaneWidth: width })} />
          </>
        )}
        <div className="list-column">
          <SearchBox value={searchText} onChange={setSearchText} />
          {!searchText.trim() && !smart && current && (
            <SortControl value={order} onChange={(next) => (setOrder(next), setOpenResult(null))} grouped={grouped} onGroupedChange={(next) => (setGrouped(next), setOpenResult(null))} />
          )}
          {searchText.trim() ? (
            <SearchResults text={searchText} scope={current} server open={openResult} onOpen={setOpenResult} emptyText="No cached message matches. Check the spelling, or search another folder with in:" />
          ) : smart ? (
            <SearchResults key={smart.id} text={smart.query} title={smart.label} scope={null} server={false} open={openResult} onOpen={setOpenResult} emptyText={smart.emptyText} />
          ) : current && (order !== 'newest' || grouped) ? (
            <SearchResults
              key={`${order}:${grouped}`}
              text=""
              title={grouped ? `Conversations, ${SORT_LABELS[order]}` : `Sorted: ${SORT_LABELS[order]}`}
              scope={current}
              onlyScope
              order={order}
              grouped={grouped}
              server={false}
              open={openResult}
              onOpen={setOpenResult}
              emptyText="No messages in this folder."
            />
          ) : current ? (
            <MessageList mailbox={current} selectedUids={selection.uids} onSelect={select} />
          ) : (
            <section className="list-pane empty"><p>Loading folders…</p></section>
          )}
        </div>
        <PaneSplitter label="Message list width" width={prefs.listPaneWidth} min={PANE_LIMITS.list[0]} max={PANE_LIMITS.list[1]} onResize={(width) => preferences().set({ listPaneWidth: width })} />
        {compose ? (
          <div className="reader-column">
            <Composer key={compose.seq} intent={compose.intent} onClose={() => setCompose(null)} />
          </div>
        ) : draftIntent && draftIntent.kind === 'draft' ? (
          <div className="reader-column">
            <Composer
              key={`${draftIntent.accountId}\u0000${draftIntent.path}\u0000${draftIntent.uid}`}
              intent={draftIntent}
              onClose={() => (resultsMode ? setOpenResult(null) : setUid(null))}
            />
          </div>
        ) : readerTarget ? (
          <div className="reader-column">
            <MessageToolbar
              selection={{ accountId: readerTarget.accountId, path: readerTarget.path, uids: [readerTarget.uid] }}
              onDone={() => (resultsMode ? setOpenResult(null) : setUid(null))}
              onCompose={(kind) => startCompose({ kind, ...readerTarget })}
            />
            <Reader mailbox={readerTarget} uid={readerTarget.uid} onOpenMessage={openMessage} />
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
      <StatusBar onShowSyncStatus={() => setShowSyncStatus(true)} onShowSettings={() => setShowSettings(true)} onAccountSettings={openAccountSettings} />
      <UndoToast />
      <ShortcutsOverlay />
      <SendingToast onUndo={(row) => startCompose({ kind: 'edit', row })} />
      {showSyncStatus && <SyncStatusView onClose={() => setShowSyncStatus(false)} onAccountSettings={openAccountSettings} />}
      {showSettings && <SettingsDialog onClose={() => setShowSettings(false)} onAccountSettings={openAccountSettings} />}
      {settingsFor && <AccountSettings accountId={settingsFor} onClose={() => setSettingsFor(null)} />}
    </div>
  );
}
