/** Every account with its folders, read from the cache (so it is there offline), special folders first. */
import { useLiveQuery } from 'dexie-react-hooks';
import type { AccountSummary } from '../../../shared/contract/accounts';
import { describeAccountStatus } from '../../../shared/domain/describeAccountStatus';
import { buildMailboxTree } from '../../../shared/domain/mailboxTree';
import { useSession, useSessionStatus } from '../../state/sessionContext';
import { FolderIcon } from '../../ui/icons';

export interface MailboxSelection {
  accountId: string;
  path: string;
}

interface Props {
  selected: MailboxSelection | null;
  onSelect(selection: MailboxSelection): void;
  onAddAccount(): void;
}

function AccountFolders({ account, selected, onSelect }: { account: AccountSummary } & Pick<Props, 'selected' | 'onSelect'>) {
  const { db } = useSession();
  const mailboxes = useLiveQuery(() => db.mailboxes.where('accountId').equals(account.id).toArray(), [db, account.id]);
  const nodes = buildMailboxTree(mailboxes ?? []);
  const live = useSessionStatus().accounts[account.id];
  const note = describeAccountStatus(live);
  return (
    <li role="treeitem" aria-expanded="true" aria-selected="false" aria-label={account.email}>
      <div className="account-name" title={account.email}>
        {account.displayName || account.email}
        <span className="account-email">{account.email}</span>
        {note && <span className={`account-state ${live?.state ?? ''}`} role="status">{note}</span>}
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
                data-path={mailbox.path}
              >
                <FolderIcon kind={mailbox.specialUse} />
                <span className="folder-name">{mailbox.path.toUpperCase() === 'INBOX' ? 'Inbox' : mailbox.name}</span>
                {mailbox.unseen ? <span className="badge" aria-label={`${mailbox.unseen} unread`}>{mailbox.unseen}</span> : null}
              </button>
            </li>
          );
        })}
      </ul>
    </li>
  );
}

export function FolderTree({ selected, onSelect, onAddAccount }: Props) {
  const { db } = useSession();
  const accounts = useLiveQuery(() => db.accounts.toArray(), [db]);
  return (
    <nav className="folder-pane" aria-label="Folders">
      <ul role="tree" aria-label="Accounts and folders">
        {(accounts ?? []).map((account) => (
          <AccountFolders key={account.id} account={account} selected={selected} onSelect={onSelect} />
        ))}
      </ul>
      <button type="button" className="add-account" onClick={onAddAccount}>
        + Add account
      </button>
    </nav>
  );
}
