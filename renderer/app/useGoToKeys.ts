/**
 * Gmail's two-key jumps: `g` then `i` (Inbox), `a` (All inboxes), `u` (Unread), `s` (Flagged — Gmail's
 * starred). The second key must follow within 1.5 s; nothing happens while typing in a field.
 */
import { useEffect, useRef } from 'react';

const WINDOW_MS = 1500;

export function useGoToKeys(targets: Record<'i' | 'a' | 'u' | 's', () => void>): void {
  const latest = useRef(targets);
  useEffect(() => {
    latest.current = targets;
  });
  useEffect(() => {
    let armedAt = 0;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      if (event.key === 'g') {
        armedAt = Date.now();
        return;
      }
      if (Date.now() - armedAt > WINDOW_MS) return;
      armedAt = 0;
      const go = latest.current[event.key as keyof typeof targets];
      if (go) {
        event.preventDefault();
        event.stopImmediatePropagation();
        go();
      }
    };
    // Capture: `g s` must not reach the toolbar's `s` (flag) handler.
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);
}
