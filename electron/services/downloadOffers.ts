/**
 * Browser mode's way to hand a file to the browser: the web host serves each offered file once, at a random
 * same-origin path, behind the same Host, Origin and token checks as the rest of it (electron/main/
 * attachmentDownloads.ts). The desktop app has no such host and passes none.
 */
export interface DownloadOffer {
  /** A file the offer now owns: it is deleted once served, or when the offer expires unused. */
  file: string;
  /** Already safe (safeFilename); still encoded for the header by the host. */
  filename: string;
  size: number;
}

export interface DownloadOffers {
  /**
   * The path to fetch (without the page token, which the page adds). Asynchronous when the offers live on
   * another thread than the engine (electron/engineThread/), so the path is known only once they have it.
   */
  offer(offer: DownloadOffer): string | Promise<string>;
}
