/**
 * Browser mode's one-time downloads: each decoded attachment the engine offers gets a random path that works
 * once, for a short while, and only for Tern's own page (the web host checks Host and token before calling
 * serve; a cross-site request is refused here by its Origin or Sec-Fetch-Site). The file goes from disk to
 * the socket as a stream, with headers that make the browser save it and never show it, and is deleted after.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { DownloadOffer, DownloadOffers } from '../services/downloadOffers';
import { attachmentDisposition } from './contentDisposition';

export const DOWNLOAD_PATH_PREFIX = '/download/';
/** Long enough for the page to start the download, short enough that a leaked URL is soon worthless. */
export const DEFAULT_DOWNLOAD_TTL_MS = 60_000;
const ID_PATTERN = /^[A-Za-z0-9_-]{32}$/;

interface Offered extends DownloadOffer {
  timer: NodeJS.Timeout;
}

export class AttachmentDownloads implements DownloadOffers {
  private readonly offered = new Map<string, Offered>();

  constructor(private readonly ttlMs = DEFAULT_DOWNLOAD_TTL_MS) {}

  offer(offer: DownloadOffer): string {
    const id = randomBytes(24).toString('base64url');
    const timer = setTimeout(() => {
      if (this.offered.delete(id)) void unlink(offer.file).catch(() => undefined);
    }, this.ttlMs);
    timer.unref();
    this.offered.set(id, { ...offer, timer });
    return `${DOWNLOAD_PATH_PREFIX}${id}`;
  }

  /** Files offered and not yet served or expired (for tests and the status log). */
  get pending(): number {
    return this.offered.size;
  }

  /**
   * Answers a GET of `pathname` (under DOWNLOAD_PATH_PREFIX). The caller has checked Host and the page token;
   * this checks that the request comes from the page itself, then serves the file once.
   */
  async serve(request: IncomingMessage, response: ServerResponse, pathname: string, isAllowedOrigin: (origin: string) => boolean): Promise<void> {
    const refuse = (status: number, text: string) => {
      response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      response.end(text);
    };
    if (request.method !== 'GET') return refuse(405, 'Method not allowed.');
    // A navigation from the page sends no Origin; a fetch or form from elsewhere does, and says so in Sec-Fetch-Site.
    const origin = request.headers.origin;
    if (origin !== undefined && !isAllowedOrigin(origin)) return refuse(403, 'Forbidden.');
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') return refuse(403, 'Forbidden.');
    const id = pathname.slice(DOWNLOAD_PATH_PREFIX.length);
    const offered = ID_PATTERN.test(id) ? this.offered.get(id) : undefined;
    if (!offered) return refuse(404, 'This download has expired or was already used. Save the attachment again.');
    this.offered.delete(id);
    clearTimeout(offered.timer);
    try {
      const stream = createReadStream(offered.file);
      await new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve());
        stream.once('error', reject);
      });
      response.writeHead(200, {
        // Never the declared type: nothing the browser could decide to render.
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': attachmentDisposition(offered.filename),
        'Content-Length': String(offered.size),
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
        'Cross-Origin-Resource-Policy': 'same-origin',
      });
      await pipeline(stream, response);
    } catch {
      if (!response.headersSent) refuse(410, 'This download is no longer available. Save the attachment again.');
      else response.destroy();
    } finally {
      await unlink(offered.file).catch(() => undefined);
    }
  }

  close(): void {
    for (const offered of this.offered.values()) {
      clearTimeout(offered.timer);
      void unlink(offered.file).catch(() => undefined);
    }
    this.offered.clear();
  }
}
