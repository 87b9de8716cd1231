/**
 * Writing a message, in the reader's place: From (one of the accounts' identities, whose signature follows it),
 * To/Cc/Bcc, Subject, a plain-text body and attachments. Each address field is checked as the user leaves it and again on Send, with the reason shown
 * under the field. Send (or Ctrl/Cmd+Enter) puts the message in the outbox, where it can still be undone
 * for a few seconds.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useId, useRef, useState, useSyncExternalStore, type KeyboardEvent, type RefObject } from 'react';
import { parseAddressList } from '../../../shared/domain/addresses';
import { signatureBlock, switchSignature } from '../../../shared/domain/identities';
import { useSession } from '../../state/sessionContext';
import { attachmentBytes, draftFor, estimateMessageBytes, MAX_ATTACHMENT_BYTES, signatureHtml, readAttachments, toOutgoing, type AddressField, type ComposeIntent, type Draft, type DraftErrors } from './composeDraft';
import { preferences } from '../../state/preferences';
import { AddressInput } from './AddressInput';
import { ComposerAttachments, useFileDrop } from './ComposerAttachments';
import type { Editor } from '@tiptap/react';
import { RichTextEditor, switchRichSignature } from './RichTextEditor';
import { imagesToParts } from './inlineImages';
import { plainToRichText, richTextToPlain } from './richTextToPlain';
import { sanitizeComposeHtml } from '../reader/sanitizeMessageHtml';
import type { DraftRow } from '../../cache/db';
import type { LocalDraftState } from '../../state/draftSync';

const fromKey = (accountId: string, identityId: string) => `${accountId}/${identityId}`;
const fromLabel = (identity: { name: string; email: string }) => (identity.name ? `${identity.name} <${identity.email}>` : identity.email);

const TITLES: Record<ComposeIntent['kind'], string> = { new: 'New message', reply: 'Reply', replyAll: 'Reply all', forward: 'Forward', edit: 'Edit message', draft: 'Draft', local: 'Draft' };
const LABELS: Record<AddressField, string> = { to: 'To', cc: 'Cc', bcc: 'Bcc' };

/** Where the draft stands, for the line beside the buttons. */
function draftStatus(row: DraftRow | undefined, local: LocalDraftState): string {
  // The editor still holds every word; only this computer's copy is missing (retried when there is room).
  if (local === 'notStored') return 'Not saved on this computer: disk full';
  if (local === 'notStoredButInDrafts') return 'Not saved on this computer: disk full. Saved in Drafts on the server.';
  if (!row || row.state !== 'open') return 'Ctrl+Enter sends';
  if (row.error) return row.error;
  return row.savedVersion >= row.version && row.server ? 'Saved in Drafts' : 'Saved on this computer';
}

export function Composer({ intent, onClose, inOwnWindow = false }: { intent: ComposeIntent; onClose(): void; inOwnWindow?: boolean }) {
  const session = useSession();
  const accounts = useLiveQuery(() => session.db.accounts.toArray(), [session]) ?? [];
  const [draft, setDraft] = useState<Draft | null>(null);
  const [initial, setInitial] = useState<Draft | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [showCopies, setShowCopies] = useState(false);
  const [sending, setSending] = useState(false);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const toRef = useRef<HTMLInputElement>(null);
  const id = useId();
  // Once the user changed something the draft is theirs to keep: written here at every change, and kept in
  // Drafts when the composer closes — unless it was sent or discarded.
  const touched = useRef<string | null>(null);
  const finished = useRef(false);
  // Files dropped on the composer are attached like picked ones (the handler is the latest render's).
  const attachRef = useRef<(files: File[]) => void>(() => undefined);
  const drop = useFileDrop((files) => attachRef.current(files));
  const savedState = useLiveQuery(() => (draft ? session.db.drafts.get(draft.draftId) : undefined), [session, draft?.draftId]);
  const draftIdNow = draft?.draftId ?? '';
  const localState = useSyncExternalStore(session.drafts.subscribeLocal, () => session.drafts.localState(draftIdNow));

  useEffect(() => {
    if (!draft || !initial || draft === initial || finished.current) return;
    touched.current = draft.draftId;
    session.drafts.write(draft).catch((error: unknown) => session.reportError(error));
  }, [session, draft, initial]);

  useEffect(
    () => () => {
      const draftId = touched.current;
      if (draftId && !finished.current) session.drafts.saveNow(draftId).catch((error: unknown) => session.reportError(error));
    },
    [session],
  );

  useEffect(() => {
    let live = true;
    draftFor(session, intent).then(
      (built) => {
        if (!live) return;
        setDraft(built);
        setInitial(built);
        if (built.cc || built.bcc) setShowCopies(true);
      },
      (error: unknown) => live && setFailure((error as Error).message),
    );
    return () => {
      live = false;
    };
  }, [session, intent]);

  const loaded = draft !== null;
  const startsInBody = intent.kind === 'reply' || intent.kind === 'replyAll';
  const richAtStart = draft?.format === 'rich';
  // A reply starts above the quote, in whichever editor it was written in.
  const onEditorReady = useCallback((editor: Editor) => {
    if (startsInBody) editor.commands.focus('start');
  }, [startsInBody]);
  useEffect(() => {
    if (!loaded) return;
    if (startsInBody && richAtStart) return;
    if (startsInBody && bodyRef.current) {
      bodyRef.current.focus();
      bodyRef.current.setSelectionRange(0, 0);
      bodyRef.current.scrollTop = 0;
    } else {
      toRef.current?.focus();
    }
  }, [loaded, startsInBody]); // eslint-disable-line react-hooks/exhaustive-deps -- only where the composer opens

  if (failure) {
    return (
      <section className="composer" aria-label="Compose message">
        <p className="error" role="alert">{failure}</p>
        <div className="actions"><button type="button" onClick={onClose}>Close</button></div>
      </section>
    );
  }
  if (!draft) return <section className="composer" aria-label="Compose message" aria-busy="true" />;

  const account = accounts.find((entry) => entry.id === draft.accountId);
  const identity = account?.identities.find((entry) => entry.id === draft.identityId) ?? account?.identities[0];
  const update = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  // A new message may go out from any identity of any account; an answer stays in the account it answers.
  const fromOptions = (intent.kind === 'new' ? accounts : accounts.filter((entry) => entry.id === draft.accountId)).flatMap((entry) =>
    entry.identities.map((option) => ({ accountId: entry.id, identity: option })),
  );
  const chooseFrom = (key: string) => {
    const next = fromOptions.find((option) => fromKey(option.accountId, option.identity.id) === key);
    if (!next) return;
    update({
      accountId: next.accountId,
      identityId: next.identity.id,
      ...(draft.format === 'plain'
        ? { body: switchSignature(draft.body, identity?.signature ?? '', next.identity.signature) }
        : { html: switchRichSignature(draft.html, identity?.signature ?? '', next.identity.signature) }),
      // Another account is another sender: the message gets a new Message-ID.
      ...(next.accountId !== draft.accountId ? { messageId: null } : {}),
    });
  };
  const switchFormat = () => {
    if (draft.format === 'plain') return update({ format: 'rich', html: plainToRichText(draft.body) });
    if (/<(strong|em|u|s|a|ul|ol|blockquote|h\d|img)\b/i.test(draft.html) && !window.confirm('Switch to plain text? Formatting and links become plain text, and images become attachments.')) return;
    const html = sanitizeComposeHtml(draft.html);
    // Nothing is lost: the images of the text stay with the message, as ordinary attachments.
    const images = imagesToParts(html, draft.draftId).parts.map(({ filename, mimeType, contentBase64 }) => ({ filename, mimeType, contentBase64 }));
    update({ format: 'plain', body: richTextToPlain(html), html: '', attachments: [...draft.attachments, ...images] });
  };
  const checkField = (field: AddressField, value = draft[field]) => {
    const parsed = parseAddressList(value);
    setErrors((current) => {
      const next = { ...current };
      if (parsed.ok) delete next[field];
      else next[field] = parsed.error;
      return next;
    });
  };

  const send = async () => {
    if (sending || !account) return;
    const built = toOutgoing(draft, account.email, Date.now());
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    if (!built.message.subject && !window.confirm('Send this message without a subject?')) return;
    setSending(true);
    try {
      finished.current = true;
      const location = (await session.drafts.location(draft.draftId)) ?? draft.serverDraft;
      await session.outbox.send(draft.accountId, { ...built.message, draft: { draftId: draft.draftId, location } }, preferences().get().undoSendSeconds * 1000);
      await session.drafts.forget(draft.draftId);
      onClose();
    } catch (error) {
      finished.current = false;
      session.reportError(error);
      setSending(false);
    }
  };

  const discard = () => {
    const changed = JSON.stringify(draft) !== JSON.stringify(initial);
    const onServer = draft.serverDraft !== null || Boolean(savedState?.server);
    if ((changed || onServer) && !window.confirm(onServer ? 'Discard this draft? It is also deleted from Drafts.' : 'Discard this message?')) return;
    finished.current = true;
    if (touched.current || onServer) session.drafts.discard(draft).catch((error: unknown) => session.reportError(error));
    onClose();
  };

  const attach = async (files: File[]) => {
    try {
      const added = await readAttachments(files);
      const attachments = [...draft.attachments, ...added];
      if (attachmentBytes(attachments) > MAX_ATTACHMENT_BYTES) {
        setErrors((current) => ({ ...current, attachments: `Attachments can be at most ${MAX_ATTACHMENT_BYTES / 1048576} MB in total.` }));
        return;
      }
      setErrors((current) => {
        const next = { ...current };
        delete next.attachments;
        return next;
      });
      setDraft((current) => (current ? { ...current, attachments: [...current.attachments, ...added] } : current));
    } catch (error) {
      setErrors((current) => ({ ...current, attachments: (error as Error).message }));
    }
  };
  attachRef.current = (files) => void attach(files);

  const original = draft.original;
  const forwardAsAttachment =
    original?.kind === 'forward' && !draft.attachments.some((attachment) => attachment.mimeType === 'message/rfc822')
      ? async () => {
          try {
            const eml = await session.client.api.fetchMessageAsAttachment({ accountId: draft.accountId, path: original.path, uid: original.uid, uidValidity: original.uidValidity });
            const signature = identity?.signature ?? '';
            setDraft((current) =>
              current && {
                ...current,
                // The original travels whole: its text and attachments are inside it, not beside it.
                attachments: [{ filename: eml.filename, mimeType: eml.mimeType, contentBase64: eml.contentBase64 }],
                body: current.format === 'plain' ? signatureBlock(signature) : '',
                html: current.format === 'rich' ? `<p></p>${signatureHtml(signature)}` : '',
              },
            );
          } catch (error) {
            setErrors((current) => ({ ...current, attachments: (error as Error).message }));
          }
        }
      : null;

  // The draft moves through IndexedDB: stored here, then the new window (or tab) opens it by id.
  const popOut = async () => {
    try {
      await session.drafts.write(draft);
      touched.current = draft.draftId;
      const { opened } = await session.client.api.openComposeWindow({ draftId: draft.draftId });
      if (!opened && !window.open(`${location.pathname}${location.search}#compose=${encodeURIComponent(draft.draftId)}`, '_blank')) {
        setFailure('The browser did not open a new tab; allow pop-ups for Tern, or go on writing here.');
        return;
      }
      onClose();
    } catch (error) {
      session.reportError(error);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    }
  };

  const addressField = (field: AddressField, ref?: RefObject<HTMLInputElement | null>) => (
    <div className="composer-row" key={field}>
      <label htmlFor={`${id}-${field}`}>{LABELS[field]}</label>
      <div className="composer-field">
        <AddressInput
          id={`${id}-${field}`}
          inputRef={ref}
          value={draft[field]}
          invalid={Boolean(errors[field])}
          describedBy={errors[field] ? `${id}-${field}-error` : undefined}
          placeholder={field === 'to' ? 'name@example.com, Name <name@example.org>' : undefined}
          onChange={(value) => {
            update({ [field]: value });
            if (errors[field]) checkField(field, value);
          }}
          onBlur={() => checkField(field)}
        />
        {errors[field] && <p className="field-error" id={`${id}-${field}-error`} role="alert">{errors[field]}</p>}
      </div>
    </div>
  );

  return (
    <section className={drop.over ? 'composer dropping' : 'composer'} aria-label="Compose message" onKeyDown={onKeyDown} {...drop.handlers}>
      <header className="composer-header">
        <h1>{TITLES[intent.kind]}</h1>
        {!inOwnWindow && (
          <button type="button" className="link" onClick={() => void popOut()} title="Go on writing in a window of its own">Open in a new window</button>
        )}
      </header>
      {draft.notice && <p className="notice" role="note">{draft.notice}</p>}
      <form
        className="composer-form"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <div className="composer-row">
          <label htmlFor={`${id}-from`}>From</label>
          {fromOptions.length > 1 ? (
            <select id={`${id}-from`} value={fromKey(draft.accountId, identity?.id ?? '')} onChange={(event) => chooseFrom(event.target.value)}>
              {fromOptions.map((option) => (
                <option key={fromKey(option.accountId, option.identity.id)} value={fromKey(option.accountId, option.identity.id)}>{fromLabel(option.identity)}</option>
              ))}
            </select>
          ) : (
            <output id={`${id}-from`} className="composer-from">{identity ? fromLabel(identity) : account ? fromLabel({ name: account.displayName, email: account.email }) : ''}</output>
          )}
        </div>
        {addressField('to', toRef)}
        {showCopies ? (
          <>
            {addressField('cc')}
            {addressField('bcc')}
          </>
        ) : (
          <div className="composer-row">
            <span />
            <button type="button" className="link" onClick={() => setShowCopies(true)}>Cc and Bcc</button>
          </div>
        )}
        <div className="composer-row">
          <label htmlFor={`${id}-subject`}>Subject</label>
          <input id={`${id}-subject`} type="text" value={draft.subject} onChange={(event) => update({ subject: event.target.value })} />
        </div>
        {draft.format === 'rich' ? (
          <RichTextEditor
            html={draft.html}
            onChange={(html) => setDraft((current) => (current ? { ...current, html } : current))}
            onReady={onEditorReady}
            onImageError={(message) => setErrors((current) => ({ ...current, attachments: message }))}
          />
        ) : (
          <textarea
            ref={bodyRef}
            className="composer-body"
            aria-label="Message"
            value={draft.body}
            onChange={(event) => update({ body: event.target.value })}
          />
        )}
        <ComposerAttachments
          accountId={draft.accountId}
          attachments={draft.attachments}
          estimatedBytes={estimateMessageBytes(draft)}
          error={errors.attachments}
          onPick={(files) => void attach(files)}
          onRemove={(index) => update({ attachments: draft.attachments.filter((_, i) => i !== index) })}
          onForwardAsAttachment={forwardAsAttachment && (() => void forwardAsAttachment())}
        />
        <div className="actions">
          <span className="muted composer-hint" role="status" aria-label="Draft">{draftStatus(savedState, localState)}</span>
          <button type="button" className="link" onClick={switchFormat}>{draft.format === 'rich' ? 'Plain text' : 'Rich text'}</button>
          <button type="button" onClick={discard}>Discard</button>
          <button type="button" onClick={onClose} title="Close; the message stays in Drafts">Close</button>
          <button type="submit" className="primary" disabled={sending || !account}>Send</button>
        </div>
      </form>
    </section>
  );
}
