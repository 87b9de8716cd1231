/** Content types of what the built renderer holds, and the URL-path resolver browser mode serves with. */
import { extname } from 'node:path';
import { resolveRendererFile } from './resolveAppPath';

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

export function resolveStaticPath(root: string, urlPath: string): string | null {
  const target = resolveRendererFile(root, urlPath.replace(/^\//, ''));
  return target && CONTENT_TYPES[extname(target).toLowerCase()] ? target : null;
}
