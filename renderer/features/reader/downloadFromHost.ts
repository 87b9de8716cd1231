/**
 * Browser mode's save: the engine answered with a one-time path on the web host; the page adds its own token
 * (the host refuses any request without it) and lets the browser download it straight to disk, so the bytes
 * never pass through this page.
 */
import { safeFilename } from '../../../shared/domain/safeFilename';

const DOWNLOAD_PATH = /^\/download\/[A-Za-z0-9_-]+$/;

export function downloadFromHost(path: string, filename: string): void {
  // Only the host's own download paths: an answer can never send the page anywhere else.
  if (!DOWNLOAD_PATH.test(path)) throw new Error('Tern could not start this download.');
  const url = new URL(path, window.location.origin);
  url.searchParams.set('token', new URLSearchParams(window.location.search).get('token') ?? '');
  const link = document.createElement('a');
  link.href = url.href;
  link.download = safeFilename(filename);
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
  }
}
