/**
 * Loads catalogue pages in headless Chromium (playwright-core) for catalogues that build their
 * pages with JavaScript. The page's own scripts run — inside Chromium, never in our process —
 * and we read the resulting DOM as HTML once the page has loaded and its network has gone
 * quiet (or after 5 s at most). Nothing of ours is evaluated in the page.
 *
 * Containment, since the page is hostile:
 *   - requests to the catalogue's origin go through the robots.txt rules (a disallowed URL is
 *     never requested, even by a script); navigations are paced by the caller's beforeRequest;
 *   - requests to other origins are allowed only as GET/HEAD of scripts and data (xhr, fetch)
 *     from public hosts — never to localhost or private networks, never documents (frames,
 *     navigations away); images, media, fonts, stylesheets and web sockets are not loaded;
 *   - service workers and downloads are blocked, popups are closed;
 *   - the rendered HTML is bounded like a fetched page (5 MB).
 * Chromium is the one at $MCP_RISK_CHROMIUM, else the first of the usual install paths;
 * Playwright gives it a temporary profile directory that it deletes on close.
 */
import { existsSync } from 'node:fs';
import { chromium, errors } from 'playwright-core';
import type { Browser, BrowserContext, Route } from 'playwright-core';
import { InputError, UsageError } from '../../errors.js';
import { MAX_RESPONSE_BYTES, USER_AGENT } from '../http/fetch-text.js';
import { isPublicHttpUrl } from '../http/public-url.js';
import type { PageLoader, PageLoaderOptions } from './page-loader.js';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

const CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** How long to wait for a rendered page's network to go quiet after `load`. */
const SETTLE_MS = 5000;
const BLOCKED_TYPES = new Set(['image', 'media', 'font', 'stylesheet', 'manifest', 'texttrack', 'websocket', 'other']);
const CROSS_SITE_TYPES = new Set(['script', 'xhr', 'fetch']);

export interface ChromiumLoaderOptions extends PageLoaderOptions {
  /** The catalogue's origin: the only one whose pages are loaded. */
  origin: string;
  /** robots.txt rules for the catalogue's origin. */
  isAllowed: (url: URL) => boolean;
  /** Told once per URL a page tried to request but was refused. */
  onBlocked?: (url: URL, reason: string) => void;
}

/** The Chromium executable to drive; UsageError when none is found. */
export function chromiumExecutable(env: Record<string, string | undefined> = process.env): string {
  const configured = env['MCP_RISK_CHROMIUM'];
  if (configured !== undefined && configured !== '') {
    if (!existsSync(configured)) throw new UsageError(`MCP_RISK_CHROMIUM names ${configured}, which does not exist`);
    return configured;
  }
  const found = CHROMIUM_PATHS.find((candidate) => existsSync(candidate));
  if (found === undefined) throw new UsageError('--render needs Chromium or Chrome: install it or set MCP_RISK_CHROMIUM to its executable');
  return found;
}

export function createChromiumPageLoader(options: ChromiumLoaderOptions): PageLoader {
  let started: Promise<{ browser: Browser; context: BrowserContext }> | undefined;
  let closed = false;
  const blocked = new Set<string>();

  const refuse = async (route: Route, url: URL, reason: string): Promise<void> => {
    if (!blocked.has(url.href)) {
      blocked.add(url.href);
      options.onBlocked?.(url, reason);
    }
    await route.abort('blockedbyclient');
  };

  const decide = async (route: Route): Promise<void> => {
    const request = route.request();
    let url: URL;
    try {
      url = new URL(request.url());
    } catch {
      await route.abort('blockedbyclient');
      return;
    }
    const type = request.resourceType();
    if (BLOCKED_TYPES.has(type)) {
      await route.abort('blockedbyclient');
      return;
    }
    if (url.origin === options.origin) {
      if (!options.isAllowed(url)) await refuse(route, url, 'disallowed by robots.txt');
      else await route.continue();
      return;
    }
    const method = request.method();
    if ((method === 'GET' || method === 'HEAD') && CROSS_SITE_TYPES.has(type) && isPublicHttpUrl(url)) await route.continue();
    else await refuse(route, url, 'not on the catalogue site');
  };

  const start = async (): Promise<{ browser: Browser; context: BrowserContext }> => {
    const browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      headless: true,
      args: [...CHROMIUM_ARGS],
      timeout: Math.max(options.timeoutMs, 10_000),
    });
    try {
      const context = await browser.newContext({
        userAgent: USER_AGENT,
        serviceWorkers: 'block',
        acceptDownloads: false,
        javaScriptEnabled: true,
      });
      await context.route('**/*', decide);
      await context.routeWebSocket(/.*/, (socket) => socket.close());
      return { browser, context };
    } catch (error) {
      await browser.close();
      throw error;
    }
  };

  return {
    async load(url) {
      if (closed) throw new Error('the Chromium page loader is closed');
      started ??= start();
      const { context } = await started;
      const page = await context.newPage();
      const closePopup = (other: typeof page): void => {
        if (other !== page) void other.close();
      };
      context.on('page', closePopup);
      const abort = (): void => void page.close();
      options.signal?.addEventListener('abort', abort, { once: true });
      try {
        await options.beforeRequest(url);
      } catch (error) {
        await page.close();
        throw error;
      }
      try {
        let response;
        try {
          response = await page.goto(url.href, { waitUntil: 'load', timeout: options.timeoutMs });
        } catch (error) {
          if (options.signal?.aborted) throw options.signal.reason;
          if (error instanceof errors.TimeoutError)
            throw new InputError('input-unreadable', `cannot load ${url.href}: it did not load within ${options.timeoutMs} ms`, {
              cause: error,
            });
          if (error instanceof Error && /net::|NS_ERROR|Navigation/i.test(error.message)) {
            throw new InputError('input-unreadable', `cannot load ${url.href}: ${(error.message.split('\n')[0] ?? '').slice(0, 200)}`, {
              cause: error,
            });
          }
          throw error;
        }
        if (response === null) throw new InputError('input-unreadable', `cannot load ${url.href}: no response`);
        try {
          await page.waitForLoadState('networkidle', { timeout: Math.min(options.timeoutMs, SETTLE_MS) });
        } catch (error) {
          // A page that keeps polling never goes quiet: read what it shows by now.
          if (!(error instanceof errors.TimeoutError)) throw error;
        }
        const html = await page.content();
        if (Buffer.byteLength(html) > MAX_RESPONSE_BYTES) {
          throw new InputError(
            'input-unreadable',
            `cannot load ${url.href}: the rendered page is larger than ${MAX_RESPONSE_BYTES / 1024} KB`,
          );
        }
        const contentType = (await response.allHeaders())['content-type'] ?? '';
        return {
          url: new URL(page.url()),
          status: response.status(),
          mediaType: (contentType.split(';')[0] ?? '').trim().toLowerCase(),
          html,
        };
      } finally {
        options.afterRequest(url);
        options.signal?.removeEventListener('abort', abort);
        context.off('page', closePopup);
        await page.close();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      if (started === undefined) return;
      const { browser } = await started.catch(() => ({ browser: undefined }));
      await browser?.close();
    },
  };
}
