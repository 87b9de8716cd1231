/** `c` starts a new message (Gmail's key), unless the user is typing or already writing one. */
import { useEffect, useRef } from 'react';

export function useComposeShortcut(enabled: boolean, compose: () => void): void {
  const latest = useRef(compose);
  useEffect(() => {
    latest.current = compose;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target;
      if (target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      if (event.key !== 'c' || event.ctrlKey || event.metaKey || event.altKey) return;
      event.preventDefault();
      latest.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
