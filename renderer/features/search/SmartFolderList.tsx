/** The views across accounts, above the folder tree; All inboxes shows the unread count of every inbox. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useSession } from '../../state/sessionContext';
import { FolderIcon } from '../../ui/icons';
import { SMART_FOLDERS, type SmartFolder } from './smartFolders';

interface Props {
  selected: SmartFolder['id'] | null;
  onSelect(id: SmartFolder['id']): void;
}

const ICONS = { inboxes: 'inbox', unread: null, flagged: 'flagged' } as const;

export function SmartFolderList({ selected, onSelect }: Props) {
  const { db } = useSession();
  const inboxUnread = useLiveQuery(async () => (await db.mailboxes.toArray()).filter((box) => box.specialUse === 'inbox').reduce((sum, box) => sum + (box.unseen ?? 0), 0), [db]);
  return (
    <nav className="smart-folders" aria-label="Views across accounts">
      <ul>
        {SMART_FOLDERS.map((folder) => (
          <li key={folder.id}>
            <button type="button" className={`folder${selected === folder.id ? ' selected' : ''}`} aria-current={selected === folder.id ? 'page' : undefined} onClick={() => onSelect(folder.id)} data-smart={folder.id}>
              <FolderIcon kind={ICONS[folder.id]} />
              <span className="folder-name">{folder.label}</span>
              {folder.id === 'inboxes' && inboxUnread ? <span className="badge" aria-label={`${inboxUnread} unread`}>{inboxUnread}</span> : null}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
