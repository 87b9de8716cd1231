/**
 * Archive, delete, read/unread, flag and move for the open message, with Gmail-style keys (e # shift+u s v);
 * and, for one message, reply, reply all and forward (r a f).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import { buildMailboxTree } from '../../../shared/domain/mailboxTree';
import { useSession } from '../../state/sessionContext';
import { archive, moveTo, setFlag, toggleJunk, trash, type Selection } from './messageCommands';
import { TagMenu } from './TagMenu';

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

export function MessageToolbar({ selection, onDone, onCompose }: { selection: Selection; onDone(): void; onCompose?: (kind: 'reply' | 'replyAll' | 'forward') => void }) {
  const session = useSession();
  const { accountId, path, uids } = selection;
  const message = useLiveQuery(() => session.db.messages.get([accountId, path, uids[0] ?? 0]), [session, accountId, path, uids]);
  const mailboxes = useLiveQuery(() => session.db.mailboxes.where('accountId').equals(accountId).toArray(), [session, accountId]) ?? [];
  const seen = message?.flags.includes('\\Seen') ?? false;
  const flagged = message?.flags.includes('\\Flagged') ?? false;
  const answer = onCompose && uids.length === 1 ? onCompose : null;
  const answered = message?.flags.includes('\\Answered') ?? false;
  const forwarded = message?.flags.includes('$Forwarded') ?? false;

  const run = (command: () => Promise<void>, leaves = false) => () => {
    command().then(() => leaves && onDone(), (error: unknown) => session.reportError(error));
  };
  const doArchive = run(() => archive(session, selection, (question) => window.confirm(question)), true);
  const doTrash = run(() => trash(session, selection, (question) => window.confirm(question)), true);
  const doJunk = run(() => toggleJunk(session, selection), true);
  const inJunk = mailboxes.find((mailbox) => mailbox.path === path)?.specialUse === 'junk';
  const toggleSeen = run(() => setFlag(session, selection, '\\Seen', !seen));
  const toggleFlag = run(() => setFlag(session, selection, '\\Flagged', !flagged));

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      const handlers: Record<string, () => void> = { e: doArchive, '#': doTrash, '!': doJunk, U: toggleSeen, I: toggleSeen, s: toggleFlag };
      if (answer) Object.assign(handlers, { r: () => answer('reply'), a: () => answer('replyAll'), f: () => answer('forward') });
      const handler = handlers[event.key];
      if (handler) {
        event.preventDefault();
        handler();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!message) return null;
  return (
    <div className="message-toolbar" role="toolbar" aria-label="Message actions">
      {answer && (
        <>
          <button type="button" onClick={() => answer('reply')} title="Reply (r)">Reply</button>
          <button type="button" onClick={() => answer('replyAll')} title="Reply all (a)">Reply all</button>
          <button type="button" onClick={() => answer('forward')} title="Forward (f)">Forward</button>
        </>
      )}
      <button type="button" onClick={doArchive} title="Archive (e)">Archive</button>
      <button type="button" onClick={doTrash} title="Delete (#)">Delete</button>
      <button type="button" onClick={doJunk} title={inJunk ? 'Not junk (!)' : 'Junk (!)'}>{inJunk ? 'Not junk' : 'Junk'}</button>
      <button type="button" onClick={toggleSeen} title={seen ? 'Mark unread (Shift+U)' : 'Mark read (Shift+I)'}>{seen ? 'Mark unread' : 'Mark read'}</button>
      <button type="button" onClick={toggleFlag} aria-pressed={flagged} title="Flag (s)">{flagged ? 'Unflag' : 'Flag'}</button>
      <TagMenu selection={selection} flags={message.flags} />
      <label className="move-to">
        <span className="visually-hidden">Move to folder</span>
        <select
          aria-label="Move to folder"
          value=""
          onChange={(event) => {
            const target = event.target.value;
            if (target) run(() => moveTo(session, selection, target), true)();
          }}
        >
          <option value="">Move to…</option>
          {buildMailboxTree(mailboxes)
            .filter(({ mailbox }) => mailbox.selectable && mailbox.path !== path)
            .map(({ mailbox, depth }) => (
              <option key={mailbox.path} value={mailbox.path}>
                {'\u00a0'.repeat(depth * 2)}
                {mailbox.path.toUpperCase() === 'INBOX' ? 'Inbox' : mailbox.name}
              </option>
            ))}
        </select>
      </label>
      {answer && (answered || forwarded) && (
        <span className="answered-state muted">{[answered && '↩ Replied', forwarded && '→ Forwarded'].filter(Boolean).join(' · ')}</span>
      )}
    </div>
  );
}
