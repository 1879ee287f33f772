/**
 * Loads one catalogue page as HTML: plainly over HTTP, or rendered in Chromium for catalogues
 * that build their pages with JavaScript (chromium-page-loader.ts). Either way the caller's
 * `beforeRequest` runs first (same site, robots.txt, polite delay) and may refuse the URL by
 * throwing; failures are InputError('input-unreadable') naming the URL.
 */
import { fetchText } from '../http/fetch-text.js';

export interface LoadedPage {
  /** The URL that answered, after redirects. */
  url: URL;
  status: number;
  /** Lower case, without parameters. */
  mediaType: string;
  html: string;
}

export interface PageLoader {
  load(url: URL): Promise<LoadedPage>;
  /** Idempotent. */
  close(): Promise<void>;
}

export interface PageLoaderOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Runs before each request the loader makes for a page (redirects included). */
  beforeRequest: (url: URL) => Promise<void>;
  /** Runs when such a request has finished (for a rendered page: when the page has settled). */
  afterRequest: (url: URL) => void;
}

export function createHttpPageLoader(options: PageLoaderOptions): PageLoader {
  return {
    async load(url) {
      const fetched = await fetchText(url, {
        timeoutMs: options.timeoutMs,
        accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
        beforeRequest: options.beforeRequest,
        afterRequest: options.afterRequest,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      return { url: fetched.url, status: fetched.status, mediaType: fetched.mediaType, html: fetched.text };
    },
    async close() {},
  };
}
