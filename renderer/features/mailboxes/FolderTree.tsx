/** Every account with its folders, read from the cache (so it is there offline), special folders first. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { AccountSummary } from '../../../shared/contract/accounts';
import type { MailboxInfo } from '../../../shared/contract/mailboxes';
import { describeAccountStatus } from '../../../shared/domain/describeAccountStatus';
import { buildMailboxTree } from '../../../shared/domain/mailboxTree';
import { usePreferences } from '../../state/preferences';
import { useSession, useSessionStatus } from '../../state/sessionContext';
import { accountColour, orderAccounts } from '../accounts/accountOrder';
import { FolderIcon } from '../../ui/icons';
import { moveTo, type Selection } from '../actions/messageCommands';
import { MESSAGES_DRAG_TYPE } from '../messageList/MessageList';
import { deleteFolder, isWithin, moveFolder, newFolder, renameFolder, toggleOffline, toggleSubscribed } from './folderCommands';
import { useDismissableMenu } from '../../ui/useDismissableMenu';

export interface MailboxSelection {
  accountId: string;
  path: string;
}

interface Props {
  selected: MailboxSelection | null;
  onSelect(selection: MailboxSelection): void;
  onAddAccount(): void;
  onAccountSettings(accountId: string): void;
}

/** Messages dragged from the list; anything else dropped here is ignored. */
function parseDrop(data: string): Selection | null {
  try {
    const value = JSON.parse(data) as Partial<Selection>;
    if (typeof value.accountId !== 'string' || typeof value.path !== 'string' || !Array.isArray(value.uids)) return null;
    return { accountId: value.accountId, path: value.path, uids: value.uids.filter((uid): uid is number => Number.isSafeInteger(uid)) };
  } catch {
    return null;
  }
}

/** A folder dragged within the tree; only this account's folders count. */
const FOLDER_DRAG_TYPE = 'application/x-tern-folder';

function droppedFolder(data: string, mailboxes: MailboxInfo[]): MailboxInfo | null {
  if (!data) return null;
  try {
    const value = JSON.parse(data) as { accountId?: unknown; path?: unknown };
    return mailboxes.find((mailbox) => mailbox.accountId === value.accountId && mailbox.path === value.path) ?? null;
  } catch {
    return null;
  }
}

const ask = { prompt: (q: string, initial?: string) => window.prompt(q, initial), confirm: (q: string) => window.confirm(q) };

/**
 * Keeps the open folder open when it (or a folder above it) is renamed or moved, and goes to the Inbox when it is
 * deleted, instead of leaving the list on a folder that no longer exists.
 */
function followFolder(selected: MailboxSelection | null, onSelect: (selection: MailboxSelection) => void, mailbox: MailboxInfo, newPath: string | null) {
  if (!selected || selected.accountId !== mailbox.accountId || !isWithin({ ...mailbox, path: selected.path }, mailbox)) return;
  onSelect({ accountId: mailbox.accountId, path: newPath === null ? 'INBOX' : newPath + selected.path.slice(mailbox.path.length) });
}

function AccountFolders({ account, colour, selected, onSelect, onAccountSettings, showAll }: { account: AccountSummary; colour: string; showAll: boolean } & Pick<Props, 'selected' | 'onSelect' | 'onAccountSettings'>) {
  const session = useSession();
  const { db } = session;
  const mailboxes = useLiveQuery(() => db.mailboxes.where('accountId').equals(account.id).toArray(), [db, account.id]);
  // Unsubscribed folders stay out of the way unless asked for (special folders always show).
  const visible = (mailboxes ?? []).filter((m) => showAll || m.subscribed || m.specialUse !== null);
  const nodes = buildMailboxTree(visible);
  const live = useSessionStatus().accounts[account.id];
  const note = describeAccountStatus(live);
  return (
    <li role="treeitem" aria-expanded="true" aria-selected="false">
      <div
        className="account-name"
        title={account.email}
        // A folder dropped on the account moves to the top level.
        onDragOver={(event) => {
          if (event.dataTransfer.types.includes(FOLDER_DRAG_TYPE)) {
            event.preventDefault();
            event.dataTransfer.dropEffect = 'move';
          }
        }}
        onDrop={(event) => {
          const folder = droppedFolder(event.dataTransfer.getData(FOLDER_DRAG_TYPE), mailboxes ?? []);
          if (!folder) return;
          event.preventDefault();
          void moveFolder(session, ask, folder, null).then((path) => path && followFolder(selected, onSelect, folder, path));
        }}
      >
        <span className="account-title">
          <span className="account-colour" style={{ background: colour }} aria-hidden="true" />
          {account.displayName || account.email}
        </span>
        <span className="account-email">{account.email}</span>
        {note && <span className={`account-state ${live?.state ?? ''}`} role="status">{note}</span>}
        <span className="account-links">
          <button type="button" className="link new-folder" onClick={() => void newFolder(session, ask, account.id, null)}>New folder</button>
          <button type="button" className="link" aria-label={`Settings for ${account.email}`} onClick={() => onAccountSettings(account.id)}>Settings</button>
        </span>
      </div>
      <ul role="group">
        {mailboxes === undefined && <li className="muted">Loading folders…</li>}
        {mailboxes?.length === 0 && <li className="muted">No folders yet</li>}
        {nodes.map(({ mailbox, depth }) => {
          const isSelected = selected?.accountId === account.id && selected.path === mailbox.path;
          return (
            <li key={mailbox.path} role="treeitem" aria-selected={isSelected} aria-disabled={!mailbox.selectable}>
              <button
                type="button"
                className={`folder${isSelected ? ' selected' : ''}`}
                style={{ paddingLeft: `${0.75 + depth * 1}rem` }}
                disabled={!mailbox.selectable}
                onClick={() => onSelect({ accountId: account.id, path: mailbox.path })}
                draggable={mailbox.specialUse === null}
                onDragStart={(event) => {
                  event.dataTransfer.setData(FOLDER_DRAG_TYPE, JSON.stringify({ accountId: account.id, path: mailbox.path }));
                  event.dataTransfer.effectAllowed = 'move';
                }}
                onDragOver={(event) => {
                  const types = event.dataTransfer.types;
                  if (mailbox.selectable && (types.includes(MESSAGES_DRAG_TYPE) || types.includes(FOLDER_DRAG_TYPE))) {
                    event.preventDefault();
                    event.dataTransfer.dropEffect = 'move';
                  }
                }}
                onDrop={(event) => {
                  event.preventDefault();
                  const folder = droppedFolder(event.dataTransfer.getData(FOLDER_DRAG_TYPE), mailboxes ?? []);
                  if (folder) return void moveFolder(session, ask, folder, mailbox).then((path) => path && followFolder(selected, onSelect, folder, path));
                  const dropped = parseDrop(event.dataTransfer.getData(MESSAGES_DRAG_TYPE));
                  if (dropped && dropped.accountId === account.id && dropped.path !== mailbox.path) {
                    moveTo(session, dropped, mailbox.path).catch((error: unknown) => session.reportError(error));
                  }
                }}
                data-path={mailbox.path}
              >
                <FolderIcon kind={mailbox.specialUse} />
                <span className="folder-name">{mailbox.path.toUpperCase() === 'INBOX' ? 'Inbox' : mailbox.name}</span>
                {mailbox.unseen ? <span className="badge" aria-label={`${mailbox.unseen} unread`}>{mailbox.unseen}</span> : null}
                {!mailbox.subscribed && mailbox.specialUse === null && <span className="muted" title="Not subscribed"> (hidden)</span>}
              </button>
              <FolderMenu mailbox={mailbox} selected={selected} onSelect={onSelect} />
            </li>
          );
        })}
      </ul>
    </li>
  );
}

function FolderMenu({ mailbox, selected, onSelect }: { mailbox: MailboxInfo } & Pick<Props, 'selected' | 'onSelect'>) {
  const session = useSession();
  const offline = usePreferences().offlineFolders.includes(`${mailbox.accountId}\u0000${mailbox.path}`);
  const menuRef = useDismissableMenu();
  const special = mailbox.specialUse !== null;
  // The menu closes as soon as a choice is made, on Escape, and on a click anywhere else.
  const choose = (command: () => Promise<void>) => () => {
    if (menuRef.current) menuRef.current.open = false;
    void command();
  };
  return (
    <details className="folder-menu" ref={menuRef}>
      <summary aria-label={`Folder actions for ${mailbox.name}`} title="Folder actions">⋯</summary>
      <div role="menu">
        <button type="button" role="menuitem" onClick={choose(() => newFolder(session, ask, mailbox.accountId, mailbox))}>New subfolder…</button>
        {!special && <button type="button" role="menuitem" onClick={choose(async () => void renameFolder(session, ask, mailbox).then((path) => path && followFolder(selected, onSelect, mailbox, path)))}>Rename…</button>}
        <button type="button" role="menuitemcheckbox" aria-checked={offline} onClick={choose(async () => toggleOffline(session, mailbox))}>Keep offline</button>
        {!special && mailbox.parentPath !== null && <button type="button" role="menuitem" onClick={choose(async () => void moveFolder(session, ask, mailbox, null).then((path) => path && followFolder(selected, onSelect, mailbox, path)))}>Move to top level</button>}
        {!special && <button type="button" role="menuitem" onClick={choose(async () => void deleteFolder(session, ask, mailbox).then((deleted) => deleted && followFolder(selected, onSelect, mailbox, null)))}>Delete…</button>}
        {!special && <button type="button" role="menuitem" onClick={choose(() => toggleSubscribed(session, mailbox))}>{mailbox.subscribed ? 'Unsubscribe' : 'Subscribe'}</button>}
      </div>
    </details>
  );
}

export function FolderTree({ selected, onSelect, onAddAccount, onAccountSettings }: Props) {
  const { db } = useSession();
  const prefs = usePreferences();
  const accounts = useLiveQuery(() => db.accounts.toArray(), [db]);
  const ordered = orderAccounts(accounts ?? [], prefs.accountOrder);
  const ids = ordered.map((account) => account.id);
  const [showAll, setShowAll] = useState(false);
  return (
    <nav className="folder-pane" aria-label="Folders">
      <ul role="tree" aria-label="Accounts and folders">
        {ordered.map((account) => (
          <AccountFolders key={account.id} account={account} colour={accountColour(prefs, account.id, ids)} selected={selected} onSelect={onSelect} onAccountSettings={onAccountSettings} showAll={showAll} />
        ))}
      </ul>
      <button type="button" className="add-account" onClick={onAddAccount}>
        + Add account
      </button>
      <label className="show-all">
        <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} /> Show unsubscribed folders
      </label>
    </nav>
  );
}
