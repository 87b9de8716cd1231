/**
 * The app:// scheme: the renderer's files are served from one folder under a privileged, secure, standard
 * origin (app://tern), so the page gets a real origin for CSP 'self' without the extra powers of file://.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, sep } from 'node:path';
import { APP_SCHEME } from './appUrl';
import { appContentSecurityPolicy } from './contentSecurityPolicy';
import { resolveAppPath } from './resolveAppPath';
import { CONTENT_TYPES } from './staticFiles';

/** Passed to protocol.registerSchemesAsPrivileged before `ready`. No bypassCSP, no service workers. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

/** The part of a fetch Request the handler reads; Electron passes a full Request. */
export interface AppRequest {
  readonly url: string;
  readonly method: string;
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

export function createAppProtocolHandler(rendererDir: string): (request: AppRequest) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: { Allow: 'GET, HEAD' } });
    }
    const candidate = resolveAppPath(rendererDir, request.url);
    if (!candidate) return notFound();
    try {
      // A symlink inside the folder must not lead out of it.
      const [realRoot, realFile] = await Promise.all([realpath(rendererDir), realpath(candidate)]);
      if (!isInside(realRoot, realFile) || !(await stat(realFile)).isFile()) return notFound();
      const extension = extname(realFile).toLowerCase();
      // Browser mode serves the same set: a file type the renderer build does not produce is not served.
      const contentType = CONTENT_TYPES[extension];
      if (!contentType) return notFound();
      const headers = new Headers({
        'Content-Type': contentType,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      });
      if (extension === '.html') headers.set('Content-Security-Policy', appContentSecurityPolicy());
      const body = request.method === 'HEAD' ? null : await readFile(realFile);
      return new Response(body, { status: 200, headers });
    } catch {
      return notFound();
    }
  };
}
