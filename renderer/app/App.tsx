/** The main window: folders | messages | reader, or the add-account form when there is no account yet. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { AddAccountForm } from '../features/accounts/AddAccountForm';
import { FolderTree, type MailboxSelection } from '../features/mailboxes/FolderTree';
import { MessageList } from '../features/messageList/MessageList';
import { Reader } from '../features/reader/Reader';
import { SyncStatusView } from '../features/syncStatus/SyncStatusView';
import { MessageToolbar } from '../features/actions/MessageToolbar';
import { useMarkReadOnOpen } from '../features/actions/useMarkReadOnOpen';
import { useSession } from '../state/sessionContext';
import { StatusBar } from '../ui/StatusBar';
import { UndoToast } from '../ui/UndoToast';

export function App() {
  const session = useSession();
  const accounts = useLiveQuery(() => session.db.accounts.toArray(), [session]);
  const [adding, setAdding] = useState(false);
  const [mailbox, setMailbox] = useState<MailboxSelection | null>(null);
  const [uid, setUid] = useState<number | null>(null);

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
  useMarkReadOnOpen(current && uid !== null ? { ...current, uid } : null);

  const openMailbox = (selection: MailboxSelection) => {
    setMailbox(selection);
    setUid(null);
    void session.openMailbox(selection.accountId, selection.path);
  };

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
        <FolderTree selected={current} onSelect={openMailbox} onAddAccount={() => setAdding(true)} />
        {current ? <MessageList mailbox={current} selectedUid={uid} onOpen={setUid} /> : <section className="list-pane empty"><p>Loading folders…</p></section>}
        {current && uid !== null ? (
          <div className="reader-column">
            <MessageToolbar selection={{ ...current, uids: [uid] }} onDone={() => setUid(null)} />
            <Reader mailbox={current} uid={uid} />
          </div>
        ) : (
          <article className="reader-pane empty"><p>Select a message to read it.</p></article>
        )}
      </div>
      <StatusBar onShowSyncStatus={() => setShowSyncStatus(true)} />
      <UndoToast />
      {showSyncStatus && <SyncStatusView onClose={() => setShowSyncStatus(false)} />}
    </div>
  );
}
