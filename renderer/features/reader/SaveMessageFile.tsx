/**
 * "Save as file": the whole message as the server has it, as a .eml file that any mail program opens, also one
 * too large for Tern to open. The host delivers it (a save dialog, or a browser download): its bytes never pass
 * through this page.
 */
import { useState } from 'react';
import type { MessageRef } from '../../../shared/contract/api';
import { useSession } from '../../state/sessionContext';
import { downloadFromHost } from './downloadFromHost';

type Status = { text: string; error: boolean } | null;

export function SaveMessageFile({ message }: { message: MessageRef | null }) {
  const session = useSession();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(null);

  async function save(ref: MessageRef) {
    let answer = await session.client.api.prepareMessageDownload(ref);
    if (answer.kind === 'confirm') {
      // A server can store anything as a "message": bytes that are a program are not saved without asking.
      if (!window.confirm(`“${answer.filename}” is not an email message but ${answer.description}. Save it anyway?`)) return setStatus({ text: 'Not saved.', error: false });
      answer = await session.client.api.prepareMessageDownload({ ...ref, allowProgram: true });
    }
    if (answer.kind === 'download') downloadFromHost(answer.url, answer.filename);
    else if (answer.kind === 'saved') setStatus({ text: `Saved “${answer.filename}”.`, error: false });
  }

  async function run() {
    if (!message) return;
    setBusy(true);
    setStatus(null);
    try {
      await save(message);
    } catch (error) {
      setStatus({ text: (error as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="link save-message" disabled={!message || busy} onClick={() => void run()}>
        {busy ? 'Saving…' : 'Save as file'}
      </button>
      {status && <span className={status.error ? 'error' : 'muted'} role={status.error ? 'alert' : 'status'}>{status.text}</span>}
    </>
  );
}
