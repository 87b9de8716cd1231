/**
 * Maps an app:// URL to a file inside the renderer folder, or null. Chromium canonicalises URLs before the
 * handler sees them, so this is the second line of defence: it reads the raw string and refuses anything
 * that could name a file outside the folder instead of trusting any one normaliser to have removed it.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { APP_ORIGIN } from './appUrl';

const PREFIX = `${APP_ORIGIN}/`;
// Encoded separators and NUL would survive decoding as path syntax; there is no honest use for them here.
const FORBIDDEN_ENCODINGS = /%(2f|5c|00)/i;

export function resolveAppPath(rootDir: string, rawUrl: string): string | null {
  if (!rawUrl.startsWith(PREFIX)) return null;
  return resolveRendererFile(rootDir, rawUrl.slice(PREFIX.length).split(/[?#]/, 1)[0] ?? '');
}

/** The same check for a raw URL path without its leading slash; browser mode's HTTP server uses it too. */
export function resolveRendererFile(rootDir: string, pathPart: string): string | null {
  if (pathPart.includes('\\') || FORBIDDEN_ENCODINGS.test(pathPart)) return null;

  const segments: string[] = [];
  for (const rawSegment of pathPart === '' ? ['index.html'] : pathPart.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(rawSegment);
    } catch {
      return null;
    }
    // Empty segments ("a//b") and dot segments are refused rather than collapsed: a canonical URL has none.
    if (segment === '' || segment === '.' || segment === '..') return null;
    if (/[\\/\0]/.test(segment) || (process.platform === 'win32' && segment.includes(':'))) return null;
    segments.push(segment);
  }

  const root = resolve(rootDir);
  const full = resolve(root, ...segments);
  const rel = relative(root, full);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return null;
  return full;
}
