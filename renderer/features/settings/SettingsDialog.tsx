/**
 * Settings that are the user's own rather than an account's: appearance, reading, sending, notifications,
 * the remote-content allow-list and the layout. Every change applies at once and is remembered; there is no
 * Save button to forget. Account settings (servers, password, identities) live with each account.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useSyncExternalStore } from 'react';
import { DEFAULT_PREFERENCES, MARK_READ_CHOICES, OFFLINE_BUDGET_CHOICES, OFFLINE_DAY_CHOICES, preferences, UNDO_SEND_CHOICES, usePreferences } from '../../state/preferences';
import { useSession } from '../../state/sessionContext';
import { accountColour, moveAccount, orderAccounts } from '../accounts/accountOrder';
import { applyTheme, onThemeChange, storedTheme, type Theme } from '../../ui/theme';
import { notificationPermission, requestNotificationPermission } from '../notifications/notificationPermission';

const markReadLabel = (ms: number) => (ms < 0 ? 'Never (mark read myself)' : ms === 0 ? 'At once' : `After ${ms / 1000} s`);
const daysLabel = (days: number) => (days === 0 ? 'Only messages I open' : days === 365 ? 'The last year' : `The last ${days} days`);
const budgetLabel = (mb: number) => (mb >= 1000 ? `${mb / 1000} GB` : `${mb} MB`);
const undoLabel = (seconds: number) => (seconds === 0 ? 'Off (send at once)' : `${seconds} s`);

export function SettingsDialog({ onClose, onAccountSettings }: { onClose(): void; onAccountSettings(accountId: string): void }) {
  const { db } = useSession();
  const prefs = usePreferences();
  const theme = useSyncExternalStore(onThemeChange, storedTheme);
  const accounts = orderAccounts(useLiveQuery(() => db.accounts.toArray(), [db]) ?? [], prefs.accountOrder);
  const ids = accounts.map((account) => account.id);
  const trusted = useLiveQuery(() => db.trustedSenders.orderBy('address').toArray(), [db]) ?? [];
  const permission = useSyncExternalStore(notificationPermission.subscribe, notificationPermission.get);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const set = preferences().set.bind(preferences());
  return (
    <div className="dialog-backdrop" onPointerDown={(event) => event.target === event.currentTarget && onClose()}>
      <section className="dialog settings" role="dialog" aria-modal="true" aria-labelledby="settings-title">
        <h1 id="settings-title">Settings</h1>

        <fieldset>
          <legend>Accounts</legend>
          {accounts.length === 0 && <p className="muted">No account yet.</p>}
          <ol className="account-order" aria-label="Accounts, in the order the folder list shows them">
            {accounts.map((account, i) => (
              <li key={account.id}>
                <input
                  type="color"
                  aria-label={`Colour for ${account.email}`}
                  value={accountColour(prefs, account.id, ids)}
                  onChange={(event) => set({ accountColours: { ...prefs.accountColours, [account.id]: event.target.value } })}
                />
                <span className="account-order-name">{account.displayName || account.email} <span className="muted">{account.email}</span></span>
                <button type="button" aria-label={`Move ${account.email} up`} disabled={i === 0} onClick={() => set({ accountOrder: moveAccount(ids, account.id, -1) })}>↑</button>
                <button type="button" aria-label={`Move ${account.email} down`} disabled={i === accounts.length - 1} onClick={() => set({ accountOrder: moveAccount(ids, account.id, 1) })}>↓</button>
                <button type="button" onClick={() => (onClose(), onAccountSettings(account.id))}>Edit…</button>
              </li>
            ))}
          </ol>
        </fieldset>

        <fieldset>
          <legend>Appearance</legend>
          <label>
            Theme{' '}
            <select value={theme} onChange={(event) => applyTheme(event.target.value as Theme)} autoFocus>
              <option value="system">Follow the system</option>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          </label>
          <label>
            Density{' '}
            <select value={prefs.density} onChange={(event) => set({ density: event.target.value as 'comfortable' | 'compact' })}>
              <option value="comfortable">Comfortable</option>
              <option value="compact">Compact</option>
            </select>
          </label>
          <button type="button" onClick={() => set({ folderPaneWidth: DEFAULT_PREFERENCES.folderPaneWidth, listPaneWidth: DEFAULT_PREFERENCES.listPaneWidth, folderPaneCollapsed: false })}>
            Reset pane sizes
          </button>
        </fieldset>

        <fieldset>
          <legend>Reading</legend>
          <label>
            Mark a message read{' '}
            <select value={prefs.markReadDelayMs} onChange={(event) => set({ markReadDelayMs: Number(event.target.value) })}>
              {MARK_READ_CHOICES.map((ms) => (
                <option key={ms} value={ms}>{markReadLabel(ms)}</option>
              ))}
            </select>
          </label>
          <label>
            <input type="checkbox" checked={prefs.darkMessageView} onChange={(event) => set({ darkMessageView: event.target.checked })} /> Dark message view: in a dark
            theme, darken HTML mail too (otherwise it keeps the white page its sender wrote it for)
          </label>
        </fieldset>

        <fieldset>
          <legend>Offline reading</legend>
          <label>
            Keep messages for reading offline{' '}
            <select value={prefs.offlineDays} onChange={(event) => set({ offlineDays: Number(event.target.value) })}>
              {OFFLINE_DAY_CHOICES.map((days) => (
                <option key={days} value={days}>{daysLabel(days)}</option>
              ))}
            </select>
          </label>
          <label>
            Use at most{' '}
            <select value={prefs.offlineBudgetMb} onChange={(event) => set({ offlineBudgetMb: Number(event.target.value) })}>
              {OFFLINE_BUDGET_CHOICES.map((mb) => (
                <option key={mb} value={mb}>{budgetLabel(mb)}</option>
              ))}
            </select>
          </label>
          <p className="muted">Headers of every synced folder are always kept. Past the limit, the oldest messages’ text is dropped and fetched again when opened.</p>
        </fieldset>

        <fieldset>
          <legend>Sending</legend>
          <label>
            Write new messages in{' '}
            <select value={prefs.composeFormat} onChange={(event) => set({ composeFormat: event.target.value === 'plain' ? 'plain' : 'rich' })}>
              <option value="rich">Rich text</option>
              <option value="plain">Plain text</option>
            </select>
          </label>
          <label>
            Undo send for{' '}
            <select value={prefs.undoSendSeconds} onChange={(event) => set({ undoSendSeconds: Number(event.target.value) })}>
              {UNDO_SEND_CHOICES.map((seconds) => (
                <option key={seconds} value={seconds}>{undoLabel(seconds)}</option>
              ))}
            </select>
          </label>
        </fieldset>

        <fieldset>
          <legend>Notifications</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={prefs.notifyNewMail}
              onChange={(event) => {
                set({ notifyNewMail: event.target.checked });
                if (event.target.checked) void requestNotificationPermission();
              }}
            />{' '}
            Notify me of new mail in an Inbox
          </label>
          {permission === 'denied' && prefs.notifyNewMail && <p className="muted">Notifications are blocked for Tern by the system or browser; allow them there to see them.</p>}
          {prefs.notifyNewMail &&
            accounts.map((account) => (
              <label key={account.id} className="check indent">
                <input
                  type="checkbox"
                  checked={!prefs.mutedAccounts.includes(account.id)}
                  onChange={(event) => set({ mutedAccounts: event.target.checked ? prefs.mutedAccounts.filter((id) => id !== account.id) : [...prefs.mutedAccounts, account.id] })}
                />{' '}
                {account.email}
              </label>
            ))}
        </fieldset>

        <fieldset>
          <legend>Remote content</legend>
          {trusted.length === 0 ? (
            <p className="muted">Remote images and styles are blocked in every message. Choose “Always load from this sender” above a message to trust a sender.</p>
          ) : (
            <ul className="trusted-senders" aria-label="Senders whose remote content loads">
              {trusted.map((row) => (
                <li key={row.address}>
                  {row.address}{' '}
                  <button type="button" className="link" onClick={() => void db.trustedSenders.delete(row.address)} aria-label={`Stop loading remote content from ${row.address}`}>
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          )}
        </fieldset>

        <div className="actions">
          <button type="button" onClick={onClose}>Close</button>
        </div>
      </section>
    </div>
  );
}
