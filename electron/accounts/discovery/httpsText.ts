/**
 * A small text download for autoconfig: HTTPS only, certificates verified, redirects followed only to other
 * HTTPS URLs (never down to HTTP), the whole exchange under one deadline, and the body capped — a server that
 * drips bytes or sends megabytes is cut off, not waited for.
 */
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { FetchText } from './discoveryTypes';

export interface HttpsTextOptions {
  /** Certificates to trust instead of the system's (tests only; production leaves it unset). */
  ca?: string;
  /**
   * Where to connect for a `host:port` (tests only): the TLS name checked is still the URL's host, so the
   * certificate must match it; only the address dialled changes.
   */
  connectTo?: (host: string, port: number) => { host: string; port: number } | null;
  maxRedirects?: number;
}

export class FetchError extends Error {}

interface Hop {
  status: number;
  location: string | null;
  body: string;
}

function get(url: URL, options: HttpsTextOptions, maxBytes: number, signal: AbortSignal): Promise<Hop> {
  const port = url.port ? Number(url.port) : 443;
  const target = options.connectTo?.(url.hostname, port) ?? { host: url.hostname, port };
  return new Promise<Hop>((resolve, reject) => {
    const request = https.request(
      {
        host: target.host,
        port: target.port,
        servername: url.hostname,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: { host: url.host, accept: 'application/xml, text/xml', 'user-agent': 'Tern' },
        agent: false,
        signal,
        ...(options.ca ? { ca: options.ca } : {}),
      },
      (response: IncomingMessage) => {
        const status = response.statusCode ?? 0;
        if (status !== 200) {
          response.resume();
          const location = response.headers.location;
          resolve({ status, location: typeof location === 'string' ? location : null, body: '' });
          return;
        }
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
          response.destroy();
          reject(new FetchError(`the answer is larger than ${maxBytes} bytes`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            response.destroy();
            reject(new FetchError(`the answer is larger than ${maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => resolve({ status, location: null, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end();
  });
}

export function createHttpsText(options: HttpsTextOptions = {}): FetchText {
  const maxRedirects = options.maxRedirects ?? 3;
  return async (address, { timeoutMs, maxBytes }) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new FetchError(`no answer within ${timeoutMs} ms`)), timeoutMs);
    try {
      let url = new URL(address);
      for (let hop = 0; ; hop++) {
        if (url.protocol !== 'https:') throw new FetchError(`refused to fetch ${url.protocol} URL (HTTPS only)`);
        const answer = await get(url, options, maxBytes, controller.signal);
        if (answer.status >= 300 && answer.status < 400 && answer.location !== null) {
          if (hop >= maxRedirects) throw new FetchError('too many redirects');
          // A redirect to http: is refused on the next turn of the loop, before any request is made.
          url = new URL(answer.location, url);
          continue;
        }
        return { status: answer.status, body: answer.body };
      }
    } catch (error) {
      throw controller.signal.aborted ? (controller.signal.reason as Error) : error;
    } finally {
      clearTimeout(timer);
    }
  };
}
