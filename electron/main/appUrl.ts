/**
 * Where the app's own pages live. Everything else — the web, file:, other app:// hosts — is foreign, and
 * the navigation guards, the IPC sender check and the protocol handler all ask this one module.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tern';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // `host` (not `hostname`) so that a port never passes, and credentials would make `app://tern@evil/`
  // parse with host "evil", which fails here too.
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}
