/** "Moved 1 message to Archive · Undo", for a few seconds after an action; z or Ctrl/Cmd+Z also undoes. */
import { useEffect } from 'react';
import { useSession, useSessionStatus } from '../state/sessionContext';

const VISIBLE_MS = 8000;

export function UndoToast() {
  const session = useSession();
  const { undoable } = useSessionStatus();

  useEffect(() => {
    if (!undoable) return;
    const timer = setTimeout(() => session.dismissUndo(), VISIBLE_MS);
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      if (event.key === 'z' && !event.altKey) {
        event.preventDefault();
        void session.undoLast();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', onKey);
    };
  }, [session, undoable]);

  if (!undoable) return null;
  return (
    <div className="toast" role="status" aria-live="polite">
      <span>{undoable.label}</span>
      <button type="button" className="link" onClick={() => void session.undoLast()}>Undo</button>
    </div>
  );
}
