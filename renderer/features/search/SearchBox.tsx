/**
 * The search box above the list. `/` jumps to it from anywhere (Gmail's key), Escape clears it, and ↓ moves
 * from it into the results. The operators are hinted in the placeholder and the title.
 */
import { useEffect, useRef } from 'react';
import { useSession } from '../../state/sessionContext';
import { searchIndexFor } from './searchIndex';

interface Props {
  value: string;
  onChange(value: string): void;
}

const HELP = 'Search all cached mail. Operators: from: to: subject: in: is:unread is:flagged has:attachment before:2026-01-31 after: "exact phrase" -exclude';

export function SearchBox({ value, onChange }: Props) {
  const { db } = useSession();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="search-box" role="search">
      <input
        ref={input}
        type="search"
        aria-label="Search mail"
        placeholder="Search mail  (/)"
        title={HELP}
        value={value}
        spellCheck={false}
        // The index is built on first use; focusing the box is the moment to start, before the first key.
        onFocus={() => void searchIndexFor(db).ready()}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            onChange('');
            event.currentTarget.blur();
          } else if (event.key === 'ArrowDown' || event.key === 'Enter') {
            // Hand the keys to the results: j / k and the arrows move through them from here on.
            event.currentTarget.blur();
          }
        }}
      />
    </div>
  );
}
