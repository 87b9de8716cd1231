/**
 * The rich-text body: TipTap (ProseMirror) with bold, italic, underline, strike-through, lists, links, quotes,
 * headings and images, and nothing that loads anything: an image is held as a `data:` URL (inserted from a
 * file, pasted or dropped; it leaves as a part of its own, see inlineImages.ts), and an `<img>` with any
 * other source — a remote one in a quoted original — is not part of the document. The editor's schema is a
 * second filter after sanitizeComposeHtml: whatever is not a known node or mark never reaches the document. Links are added with an inline field (Ctrl/Cmd+K),
 * since Electron has no window.prompt, and accept http, https and mailto only.
 */
import { generateHTML, generateJSON } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import { Image } from '@tiptap/extension-image';
import { StarterKit } from '@tiptap/starter-kit';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { signatureHtml } from './composeDraft';
import { EditorImageUrls, isEditorImageUrl } from './editorImageUrls';
import { INLINE_IMAGE_TYPES, inlineImageFiles, readImageAsDataUrl } from './inlineImages';
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
  // In the line of text, as a logo in a signature stands. Read from HTML only with a data: source or a blob:
  // URL of this page's editors (editorImageUrls.ts): a remote image can never enter the text.
  Image.extend({
    parseHTML: () => [
      { tag: 'img[src^="data:image/"]' },
      { tag: 'img[src^="blob:"]', getAttrs: (element: HTMLElement) => (isEditorImageUrl(element.getAttribute('src') ?? '') ? null : false) },
    ],
  }).configure({ inline: true, allowBase64: true }),
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
  /** An image could not go into the text (too large, unreadable): what to tell the user. */
  onImageError?(message: string): void;
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

export function RichTextEditor({ html, onChange, onReady, onImageError }: RichTextEditorProps) {
  const emitted = useRef(html);
  const latestChange = useRef(onChange);
  const latestImageError = useRef(onImageError);
  const linkId = useId();
  const imageInput = useRef<HTMLInputElement>(null);
  const [linking, setLinking] = useState<string | null>(null);
  const [imageUrls] = useState(() => new EditorImageUrls());
  // Made once: useEditor reads its content only when it creates the editor, and a draft's images are megabytes.
  const [initialContent] = useState(() => imageUrls.toEditor(html));
  useEffect(() => {
    latestChange.current = onChange;
    latestImageError.current = onImageError;
  });
  useEffect(() => () => imageUrls.release(), [imageUrls]);
  // Images go in where the caret stands, one after another, each once it has been read.
  const insertImages = (view: EditorView, files: File[]) => {
    void (async () => {
      for (const file of files) {
        try {
          const src = imageUrls.forDataUrl(await readImageAsDataUrl(file), file);
          const image = src && view.state.schema.nodes.image?.create({ src, alt: file.name.replace(/\.[a-z0-9]+$/i, '') });
          if (!image || view.isDestroyed) return;
          view.dispatch(view.state.tr.replaceSelectionWith(image));
          view.focus();
        } catch (error) {
          latestImageError.current?.((error as Error).message);
        }
      }
    })();
  };
  const editor = useEditor({
    extensions: EDITOR_EXTENSIONS,
    content: initialContent,
    shouldRerenderOnTransaction: true,
    editorProps: {
      attributes: { role: 'textbox', 'aria-multiline': 'true', 'aria-label': 'Message', class: 'composer-rich' },
      // A pasted or dropped image file goes into the text; other files are left to the composer's drop zone.
      handlePaste: (view, event) => {
        const images = inlineImageFiles(event.clipboardData?.files ?? []);
        if (images.length === 0) return false;
        event.preventDefault();
        insertImages(view, images);
        return true;
      },
      handleDrop: (view, event, _slice, moved) => {
        const images = moved ? [] : inlineImageFiles(event.dataTransfer?.files ?? []);
        if (images.length === 0) return false;
        // Taken: the composer's drop zone sees defaultPrevented and attaches nothing.
        event.preventDefault();
        const at = view.posAtCoords({ left: event.clientX, top: event.clientY });
        if (at) view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(at.pos))));
        insertImages(view, images);
        return true;
      },
    },
    onUpdate: ({ editor: current }) => {
      const next = imageUrls.fromEditor(current.getHTML());
      emitted.current = next;
      latestChange.current(next);
    },
  });

  // A change from outside (another From's signature, plain text switched back to rich) replaces the content.
  useEffect(() => {
    if (!editor || html === emitted.current) return;
    emitted.current = html;
    editor.commands.setContent(imageUrls.toEditor(html), { emitUpdate: false });
  }, [editor, html, imageUrls]);

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
        <ToolButton label="Insert image" onClick={() => imageInput.current?.click()}>
          <svg width="16" height="14" viewBox="0 0 16 14" fill="none" stroke="currentColor" strokeWidth="1.3">
            <rect x="1" y="1.5" width="14" height="11" rx="1" />
            <path d="M1.5 11l4-4 3 3 2-2 4 4" />
            <circle cx="11" cy="4.5" r="1.2" />
          </svg>
        </ToolButton>
        <input
          ref={imageInput}
          type="file"
          hidden
          multiple
          accept={INLINE_IMAGE_TYPES.join(',')}
          aria-label="Image to insert"
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            event.target.value = '';
            const images = inlineImageFiles(files);
            if (images.length < files.length) latestImageError.current?.('Only PNG, JPEG, GIF and WebP images can go in the text; attach other files instead.');
            insertImages(editor.view, images);
          }}
        />
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
