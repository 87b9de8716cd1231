/**
 * The only way a link leaves the app. Links come from email, so the scheme allow-list is what keeps a
 * message from launching `file:`, `smb:`, custom protocol handlers or anything else the OS would run.
 */
import type { MessageBoxOptions } from 'electron';

export interface OpenExternalDeps {
  shell: { openExternal(url: string): Promise<void> };
  dialog: { showMessageBox(options: MessageBoxOptions): Promise<{ response: number }> };
}

const OPEN_BUTTON = 1;

/** The host as typed, before URL parsing converts it to punycode (non-ASCII here is the homograph case). */
function rawHost(url: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url)?.[1] ?? '';
}

function looksDeceptive(url: string, parsed: URL): boolean {
  const punycode = parsed.hostname.split('.').some((label) => label.toLowerCase().startsWith('xn--'));
  const nonAscii = [...rawHost(url)].some((char) => (char.codePointAt(0) ?? 0) > 0x7f);
  // `https://paypal.com@evil.test/` shows a trusted name but goes to the host after the "@".
  const credentials = parsed.username !== '' || parsed.password !== '';
  return punycode || nonAscii || credentials;
}

async function confirmHost(deps: OpenExternalDeps, parsed: URL): Promise<boolean> {
  const { response } = await deps.dialog.showMessageBox({
    type: 'warning',
    title: 'Open link?',
    message: `This link goes to ${parsed.hostname}`,
    detail:
      `The address may be made to look like a different site (for example with look-alike letters from another ` +
      `alphabet). Its real host name is:\n\n${parsed.hostname}\n\nOpen it only if you trust this exact name.`,
    buttons: ['Cancel', 'Open link'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  });
  return response === OPEN_BUTTON;
}

/** Resolves true only if the URL was handed to the OS. Never throws for a bad URL. */
export async function openExternalSafely(url: string, deps: OpenExternalDeps): Promise<boolean> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'mailto:') {
    await deps.shell.openExternal(parsed.href);
    return true;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  if (parsed.hostname === '') return false;
  if (looksDeceptive(url, parsed) && !(await confirmHost(deps, parsed))) return false;
  await deps.shell.openExternal(parsed.href);
  return true;
}
