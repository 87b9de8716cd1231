/**
 * An HTML message: sanitized, shown in a sandboxed frame with no permissions at all (`sandbox=""`: no
 * script, no forms, no popups, no navigation of the app) and a strict CSP of its own; remote content
 * blocked until the user allows it for this message or always for the sender.
 *
 * In a dark theme the frame keeps the white page mail is written for, unless the user asked for the "Dark
 * message view" (Settings, or this message's switch): then the frame's own stylesheet darkens it.
 *
 * Sizing: the frame is cross-origin and runs no script, so its content height cannot be read. Instead it
 * takes the rest of the reader pane's height (CSS flex, with a minimum) and scrolls inside — one scrollbar
 * for the message, no layout jumps, nothing to measure.
 */
import { useMemo, useState } from 'react';
import { preferences, usePreferences } from '../../state/preferences';
import { useDarkTheme } from '../../ui/useDarkTheme';
import type { InlinePart } from '../../../shared/contract/messages';
import { REMOTE_CONTENT_FRAME_NAME } from '../../../shared/contract/messages';
import { MessageLinks } from './MessageLinks';
import { messageFrameDocument } from './messageFrameDocument';
import { RemoteContentBar } from './RemoteContentBar';
import { sanitizeMessageHtml } from './sanitizeMessageHtml';
import { useTrustedSender } from './useTrustedSender';

const NO_INLINE_PARTS: InlinePart[] = [];

// Not in React's iframe typings: loads the frame with no cookies or storage of its own, so remote content
// the user allows cannot recognise them from one message to the next.
const CREDENTIALLESS = { credentialless: '' } as Record<string, string>;

export interface HtmlMessageViewProps {
  html: string;
  inlineParts: InlinePart[] | undefined;
  /** The From address, for "Always load from…"; null when missing. */
  sender: string | null;
  /** The sender looks forged: "always load" is not offered. */
  senderFlagged: boolean;
}

export function HtmlMessageView({ html, inlineParts, sender, senderFlagged }: HtmlMessageViewProps) {
  const { trusted, trust, untrust } = useTrustedSender(sender);
  const [loadedHere, setLoadedHere] = useState(false);
  const allowRemote = loadedHere || trusted === true;
  const darkTheme = useDarkTheme();
  const { darkMessageView } = usePreferences();
  // This message's own choice, when the user switched it; the preference otherwise.
  const [darkHere, setDarkHere] = useState<boolean | null>(null);
  const dark = darkTheme && (darkHere ?? darkMessageView);
  const parts = inlineParts ?? NO_INLINE_PARTS;
  const sanitized = useMemo(() => sanitizeMessageHtml(html, { allowRemote, inlineParts: parts }), [html, allowRemote, parts]);
  const frameDocument = useMemo(() => messageFrameDocument(sanitized.html, allowRemote, { dark }), [sanitized, allowRemote, dark]);

  // Until the trusted-senders table has answered, show nothing rather than a blocked frame that reloads.
  if (trusted === undefined) return <p className="muted">Loading message…</p>;

  return (
    <>
      <RemoteContentBar
        state={trusted ? 'trusted' : loadedHere ? 'loaded' : 'blocked'}
        blocked={sanitized.blocked}
        sender={sender ?? ''}
        trustableSender={senderFlagged ? null : sender}
        onLoad={() => setLoadedHere(true)}
        onTrust={() => void trust()}
        onUntrust={() => {
          setLoadedHere(false);
          void untrust();
        }}
      />
      {darkTheme && (
        <div className="reader-frame-tools">
          <button type="button" className="reader-dark-toggle" aria-pressed={dark} onClick={() => setDarkHere(!dark)} title="Darken this message's colours (its pictures are kept as sent)">
            Dark message view
          </button>
          {darkHere !== null && darkHere !== darkMessageView && (
            <button type="button" onClick={() => preferences().set({ darkMessageView: darkHere })}>
              {darkHere ? 'Always darken messages' : 'Never darken messages'}
            </button>
          )}
        </div>
      )}
      <iframe
        // A new frame when the choice changes, so its name (which the desktop app checks) is set from the start.
        key={allowRemote ? 'remote-allowed' : 'remote-blocked'}
        className={dark ? 'reader-frame reader-frame-dark' : 'reader-frame'}
        title="Message content"
        sandbox=""
        srcDoc={frameDocument}
        referrerPolicy="no-referrer"
        name={allowRemote ? REMOTE_CONTENT_FRAME_NAME : undefined}
        {...CREDENTIALLESS}
      />
      <MessageLinks links={sanitized.links} />
    </>
  );
}
