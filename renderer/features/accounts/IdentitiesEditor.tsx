/**
 * An account's From addresses: each with a name and a signature, the first being the default for new mail.
 * Replies go out from whichever of them the original was sent to. Main checks them again and stores them.
 */
import { useState } from 'react';
import type { AccountSummary, IdentityInput } from '../../../shared/contract/accounts';
import { TernError } from '../../../shared/contract/errors';
import { MAX_IDENTITIES, validateIdentities } from '../../../shared/domain/identities';
import { useSession } from '../../state/sessionContext';

export function IdentitiesEditor({ account }: { account: AccountSummary }) {
  const session = useSession();
  const [rows, setRows] = useState<IdentityInput[]>(() => account.identities.map((identity) => ({ ...identity })));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const change = (index: number, patch: Partial<IdentityInput>) => {
    setSaved(false);
    setRows((current) => current.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  };

  const save = async () => {
    setError(null);
    setSaved(false);
    let identities: IdentityInput[];
    try {
      identities = validateIdentities(rows);
    } catch (e) {
      setError((e as Error).message);
      return;
    }
    setBusy(true);
    try {
      const updated = await session.client.api.setIdentities({ accountId: account.id, identities });
      setRows(updated.identities.map((identity) => ({ ...identity })));
      setSaved(true);
    } catch (e) {
      setError(e instanceof TernError ? e.message : 'The From addresses could not be saved. Please try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="identities" aria-label="From addresses">
      <h2>From addresses</h2>
      <p className="muted">New messages go out from the first one. A reply goes out from the address the message was sent to.</p>
      {rows.map((row, index) => {
        const id = (field: string) => `identity-${index}-${field}`;
        return (
          <fieldset key={row.id ?? `new-${index}`} className="identity" aria-label={`From address ${index + 1}`}>
            <legend>{index === 0 ? 'Default' : `From address ${index + 1}`}</legend>
            <label htmlFor={id('name')}>Name</label>
            <input id={id('name')} value={row.name} onChange={(e) => change(index, { name: e.target.value })} />
            <label htmlFor={id('email')}>Address</label>
            <input id={id('email')} type="email" value={row.email} onChange={(e) => change(index, { email: e.target.value })} spellCheck={false} />
            <label htmlFor={id('signature')}>Signature</label>
            <textarea id={id('signature')} rows={3} value={row.signature} onChange={(e) => change(index, { signature: e.target.value })} />
            <div className="identity-actions">
              {index > 0 && (
                <button type="button" className="link" onClick={() => setRows((current) => [current[index]!, ...current.filter((_, i) => i !== index)])}>
                  Make default
                </button>
              )}
              {rows.length > 1 && (
                <button type="button" className="link" onClick={() => setRows((current) => current.filter((_, i) => i !== index))}>
                  Remove
                </button>
              )}
            </div>
          </fieldset>
        );
      })}
      {error && <p className="error" role="alert">{error}</p>}
      {saved && <p className="check ok" role="status">From addresses saved.</p>}
      <div className="actions">
        <button type="button" disabled={rows.length >= MAX_IDENTITIES} onClick={() => setRows((current) => [...current, { id: null, name: account.displayName, email: '', signature: '' }])}>
          Add a From address
        </button>
        <button type="button" className="primary" disabled={busy} onClick={() => void save()}>{busy ? 'Saving…' : 'Save From addresses'}</button>
      </div>
    </section>
  );
}
