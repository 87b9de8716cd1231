/**
 * Tags for the selected messages: Thunderbird's five labels, the tags already on the message and the ones
 * made here before, each a checkbox; "New tag…" makes one. A tag is an IMAP keyword, set and cleared through
 * the normal action queue (so it works offline and reaches every device).
 */
import { keywordFor, tagLabel, tagsOf, THUNDERBIRD_LABELS } from '../../../shared/domain/tags';
import { preferences, usePreferences } from '../../state/preferences';
import { useSession } from '../../state/sessionContext';
import { setFlag, type Selection } from './messageCommands';
import { useDismissableMenu } from '../../ui/useDismissableMenu';

export function TagMenu({ selection, flags }: { selection: Selection; flags: string[] }) {
  const session = useSession();
  const { knownTags } = usePreferences();
  const menuRef = useDismissableMenu();
  const current = tagsOf(flags);
  const offered = [...new Set([...Object.keys(THUNDERBIRD_LABELS), ...knownTags, ...current])];


  const toggle = (keyword: string, on: boolean) => setFlag(session, selection, keyword, on).catch((error: unknown) => session.reportError(error));
  const create = () => {
    if (menuRef.current) menuRef.current.open = false;
    const name = window.prompt('Name of the new tag');
    if (name === null) return;
    const keyword = keywordFor(name);
    if (!keyword) return session.reportError(new Error(`“${name}” cannot be a tag: use letters, digits, spaces and - _ . $ (at most 64).`));
    if (!knownTags.includes(keyword) && !(keyword in THUNDERBIRD_LABELS)) preferences().set({ knownTags: [...knownTags, keyword] });
    void toggle(keyword, true);
  };

  return (
    <details className="tag-menu" ref={menuRef}>
      <summary title="Tags">Tags{current.length > 0 ? ` (${current.length})` : ''}</summary>
      <div role="menu" aria-label="Tags">
        {offered.map((keyword) => (
          <label key={keyword} role="menuitemcheckbox" aria-checked={current.includes(keyword)}>
            <input type="checkbox" checked={current.includes(keyword)} onChange={(event) => void toggle(keyword, event.target.checked)} /> {tagLabel(keyword)}
          </label>
        ))}
        <button type="button" role="menuitem" onClick={create}>New tag…</button>
      </div>
    </details>
  );
}
