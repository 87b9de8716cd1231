/** The `?` overlay: every keyboard shortcut in one place. */
import { useEffect, useState } from 'react';

const SHORTCUTS: [string, string][] = [
  ['j / ↓', 'Next (older) message'],
  ['k / ↑', 'Previous (newer) message'],
  ['Ctrl/Cmd + click, Shift + click', 'Select several messages'],
  ['Ctrl/Cmd + A', 'Select every message in the folder'],
  ['Esc', 'Close the message'],
  ['/', 'Search (Esc clears it, ↓ moves into the results)'],
  ['g then i', 'Go to the Inbox'],
  ['g then a / u / s', 'Go to All inboxes / Unread / Flagged'],
  ['c', 'Compose'],
  ['r / a / f', 'Reply / reply all / forward'],
  ['e', 'Archive'],
  ['#', 'Delete'],
  ['!', 'Junk (or not junk, in the Junk folder)'],
  ['s', 'Flag or unflag'],
  ['Shift + U / Shift + I', 'Mark unread / read'],
  ['z', 'Undo the last action'],
  ['?', 'Show this list'],
];

export function ShortcutsOverlay() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      if (event.key === '?') setOpen((value) => !value);
      else if (event.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  if (!open) return null;
  return (
    <div className="dialog-backdrop" onClick={() => setOpen(false)}>
      <section className="dialog shortcuts" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" onClick={(event) => event.stopPropagation()}>
        <h1 id="shortcuts-title">Keyboard shortcuts</h1>
        <table>
          <tbody>
            {SHORTCUTS.map(([keys, what]) => (
              <tr key={keys}>
                <th scope="row"><kbd>{keys}</kbd></th>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="actions">
          <button type="button" onClick={() => setOpen(false)} autoFocus>Close</button>
        </div>
      </section>
    </div>
  );
}
