/** One server's editable settings (host, port, security, username), shared by adding and editing an account. */
import type { Security, ServerSettings } from '../../../shared/contract/accounts';

export interface ServerFieldValues {
  host: string;
  port: string;
  security: Security;
  username: string;
}

const DEFAULT_PORTS: Record<'imap' | 'smtp', Record<Security, string>> = {
  imap: { tls: '993', starttls: '143', none: '143' },
  smtp: { tls: '465', starttls: '587', none: '25' },
};

export function fieldsOf(server: ServerSettings): ServerFieldValues {
  return { host: server.host, port: String(server.port), security: server.security, username: server.username };
}

export function settingsOf(fields: ServerFieldValues): ServerSettings {
  return { ...fields, port: Number(fields.port) };
}

/** What to offer when nothing was found: the names most providers use, with TLS, for the user to check. */
export function guessedFields(kind: 'imap' | 'smtp', email: string): ServerFieldValues {
  const domain = email.slice(email.lastIndexOf('@') + 1).trim();
  return { host: domain ? `${kind}.${domain}` : '', port: DEFAULT_PORTS[kind].tls, security: 'tls', username: email.trim() };
}

export function ServerFields({ kind, value, onChange }: { kind: 'imap' | 'smtp'; value: ServerFieldValues; onChange(next: ServerFieldValues): void }) {
  const label = kind === 'imap' ? 'Incoming mail (IMAP)' : 'Outgoing mail (SMTP)';
  const id = (field: string) => `${kind}-${field}`;
  return (
    <fieldset className="server">
      <legend>{label}</legend>
      <label htmlFor={id('host')}>Server</label>
      <input id={id('host')} name={id('host')} value={value.host} onChange={(e) => onChange({ ...value, host: e.target.value })} placeholder={`${kind}.example.com`} autoComplete="off" spellCheck={false} />
      <label htmlFor={id('port')}>Port</label>
      <input id={id('port')} name={id('port')} value={value.port} inputMode="numeric" onChange={(e) => onChange({ ...value, port: e.target.value })} />
      <label htmlFor={id('security')}>Security</label>
      <select
        id={id('security')}
        name={id('security')}
        value={value.security}
        onChange={(e) => {
          const security = e.target.value as Security;
          const wasDefault = Object.values(DEFAULT_PORTS[kind]).includes(value.port);
          onChange({ ...value, security, port: wasDefault ? DEFAULT_PORTS[kind][security] : value.port });
        }}
      >
        <option value="tls">TLS</option>
        <option value="starttls">STARTTLS (required)</option>
        <option value="none">None (this computer only)</option>
      </select>
      <label htmlFor={id('username')}>Username</label>
      <input id={id('username')} name={id('username')} value={value.username} onChange={(e) => onChange({ ...value, username: e.target.value })} autoComplete="off" spellCheck={false} />
    </fieldset>
  );
}
