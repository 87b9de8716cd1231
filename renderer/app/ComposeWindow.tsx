/**
 * A window (or browser tab) with only the composer, for one draft this computer holds (`#compose=<draftId>`):
 * opened from the main window's composer. Closing the composer closes the window; the draft stays in Drafts.
 */
import { useEffect, useMemo } from 'react';
import type { ComposeIntent } from '../features/composer/composeDraft';
import { StatusBar } from '../ui/StatusBar';
import { Composer } from './lazyViews';

/** The draft id a compose window was opened for, or null for the main window. */
export function composeWindowDraftId(hash: string): string | null {
  const match = /^#compose=([A-Za-z0-9-]{8,64})$/.exec(hash);
  return match?.[1] ?? null;
}

export function ComposeWindow({ draftId }: { draftId: string }) {
  const intent = useMemo<ComposeIntent>(() => ({ kind: 'local', draftId }), [draftId]);
  useEffect(() => {
    document.title = 'Writing — Tern';
  }, []);
  return (
    <div className="app compose-window">
      <div className="reader-column">
        <Composer intent={intent} inOwnWindow onClose={() => window.close()} />
      </div>
      <StatusBar />
    </div>
  );
}
