/**
 * The rich-text body: TipTap (ProseMirror) with bold, italic, underline, strike-through, lists, links, quotes
 * and headings, and nothing that loads anything — no images, no embeds — so an original quoted into it
 * shows no remote content. The editor's schema is a second filter after sanitizeComposeHtml: whatever is
 * not a known node or mark never reaches the document. Links are added with an inline field (Ctrl/Cmd+K),
 * since Electron has no window.prompt, and accept http, https and mailto only.
 */
import { generateHTML, generateJSON } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import { StarterKit } from '@tiptap/starter-kit';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { signatureHtml } from './composeDraft';
import { richTextToPlain } from './richTextToPlain';

const LINK_SCHEMES = /^(https?:\/\/|mailto:)/i;

export const EDITOR_EXTENSIONS = [
  StarterKit.configure({
    code: false,
    codeBlock: false,
    heading: { levels: [1, 2, 3] },
    link: {
      openOnClick: false,
      autolink: true,
      defaultProtocol: 'https',
      isAllowedUri: (url) => LINK_SCHEMES.test(url),
    },
  }),
];

/** HTML as the editor writes it back, so a block inserted earlier can be found again in its output. */
function asEditorWrites(html: string): string {
  return generateHTML(generateJSON(html, EDITOR_EXTENSIONS), EDITOR_EXTENSIONS);
}

/** switchSignature for rich text: the old signature's paragraph is swapped where it still stands unedited. */
export function switchRichSignature(html: string, from: string, to: string): string {
  const oldBlock = from.trim() ? asEditorWrites(signatureHtml(from)) : '';
  const newBlock = to.trim() ? asEditorWrites(signatureHtml(to)) : '';
  if (oldBlock === newBlock) return html;
  const current = asEditorWrites(html);
  if (oldBlock && current.includes(oldBlock)) return current.replace(oldBlock, () => newBlock);
  if (!oldBlock && richTextToPlain(current).trim() === '') return `<p></p>${newBlock}`;
  return html;
}

export interface RichTextEditorProps {
  html: string;
  onChange(html: string): void;
  /** Called once with the editor, to focus it at the start (replies) from outside. */
  onReady?(editor: Editor): void;
}

function ToolButton({ label, shortcut, active, onClick, children }: { label: string; shortcut?: string; active?: boolean; onClick(): void; children: ReactNode }) {
  return (
    <button
      type="button"
      className={active ? 'tool active' : 'tool'}
      aria-label={label}
      aria-pressed={active === undefined ? undefined : active}
      title={shortcut ? `${label} (${shortcut})` : label}
      // The editor keeps its selection: the button must not take the focus on press.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
    >
      <span aria-hidden="true">{children}</span>
    </button>
  );
}

export function RichTextEditor({ html, onChange, onReady }: RichTextEditorProps) {
  const emitted = useRef(html);
  const latestChange = useRef(onChange);
  const linkId = useId();
  const [linking, setLinking] = useState<string | null>(null);
  useEffect(() => {
    latestChange.current = onChange;
  });
  const editor = useEditor({
    extensions: EDITOR_EXTENSIONS,
    content: html,
    shouldRerenderOnTransaction: true,
    editorProps: { attributes: { role: 'textbox', 'aria-multiline': 'true', 'aria-label': 'Message', class: 'composer-rich' } },
    onUpdate: ({ editor: current }) => {
      const next = current.getHTML();
      emitted.current = next;
      latestChange.current(next);
    },
  });

  // A change from outside (another From's signature, plain text switched back to rich) replaces the content.
  useEffect(() => {
    if (!editor || html === emitted.current) return;
    emitted.current = html;
    editor.commands.setContent(html, { emitUpdate: false });
  }, [editor, html]);

  const ready = useRef(false);
  useEffect(() => {
    if (!editor || ready.current) return;
    ready.current = true;
    onReady?.(editor);
  }, [editor, onReady]);

  if (!editor) return null;
  const chain = () => editor.chain().focus();
  const openLink = () => {
    // A selection just made with the keyboard (Shift+Home, then Ctrl+K at once) may not have reached ProseMirror
    // yet: the browser tells it on a later task, and a busy page handles the key press first. The link must go
    // on what the user sees selected, so the page's selection is read here.
    const seen = window.getSelection();
    const { view } = editor;
    if (seen?.anchorNode && seen.focusNode && view.dom.contains(seen.anchorNode) && view.dom.contains(seen.focusNode)) {
      const from = view.posAtDOM(seen.anchorNode, seen.anchorOffset);
      const to = view.posAtDOM(seen.focusNode, seen.focusOffset);
      const { anchor, head } = editor.state.selection;
      if (from !== anchor || to !== head) editor.commands.setTextSelection({ from, to });
    }
    setLinking((editor.getAttributes('link').href as string | undefined) ?? 'https://');
  };
  const applyLink = () => {
    const typed = (linking ?? '').trim();
    setLinking(null);
    const href = !typed || typed === 'https://' ? null : LINK_SCHEMES.test(typed) ? typed : /^[^\s@]+@[^\s@]+$/.test(typed) ? `mailto:${typed}` : `https://${typed}`;
    const linked = href ? chain().extendMarkRange('link').setLink({ href }) : chain().extendMarkRange('link').unsetLink();
    // Typing goes on after the link rather than replacing the text that was selected for it.
    linked.command(({ tr }) => (tr.setSelection(TextSelection.create(tr.doc, tr.selection.to)), true)).run();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      openLink();
    }
  };

  return (
    <div className="rich-editor" onKeyDown={onKeyDown}>
      <div className="rich-toolbar" role="toolbar" aria-label="Formatting">
        <ToolButton label="Bold" shortcut="Ctrl+B" active={editor.isActive('bold')} onClick={() => chain().toggleBold().run()}><b>B</b></ToolButton>
        <ToolButton label="Italic" shortcut="Ctrl+I" active={editor.isActive('italic')} onClick={() => chain().toggleItalic().run()}><i>I</i></ToolButton>
        <ToolButton label="Underline" shortcut="Ctrl+U" active={editor.isActive('underline')} onClick={() => chain().toggleUnderline().run()}><u>U</u></ToolButton>
        <ToolButton label="Bulleted list" active={editor.isActive('bulletList')} onClick={() => chain().toggleBulletList().run()}>•≡</ToolButton>
        <ToolButton label="Numbered list" active={editor.isActive('orderedList')} onClick={() => chain().toggleOrderedList().run()}>
          {/* Drawn, not written: a digit in the button would be read as part of its name. */}
          <svg width="16" height="14" viewBox="0 0 16 14" fill="none" stroke="currentColor" strokeWidth="1.3">
            <path d="M2.5 1.5v4M1.5 8.5h2v1.5h-2v1.5h2M6 3.5h9M6 10h9" />
          </svg>
        </ToolButton>
        <ToolButton label="Quote" active={editor.isActive('blockquote')} onClick={() => chain().toggleBlockquote().run()}>❝</ToolButton>
        <ToolButton label="Link" shortcut="Ctrl+K" active={editor.isActive('link')} onClick={openLink}>Link</ToolButton>
        {linking !== null && (
          <span className="link-field">
            <label htmlFor={linkId}>Link address</label>
            <input
              id={linkId}
              type="text"
              autoFocus
              value={linking}
              onChange={(event) => setLinking(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  applyLink();
                } else if (event.key === 'Escape') {
                  event.preventDefault();
                  event.stopPropagation();
                  setLinking(null);
                  editor.commands.focus();
                }
              }}
            />
            <button type="button" onClick={applyLink}>Apply</button>
          </span>
        )}
      </div>
      <EditorContent editor={editor} className="rich-editor-content" />
    </div>
  );
}
