/**
 * `html:<url>` — catalogue web pages. Starting from the given page, follows (same origin only)
 * pagination links first, then the detail pages that server cards link to, then other links
 * under the start URL's path; reads each page with the heuristics of html/extract-page.ts; and
 * yields one entry per server:
 *   - with an npm package → `npm:<package>` (launch `npm`);
 *   - else with an MCP URL → `url:<url>` (launch `url`);
 *   - else with tools listed on the page → `html:<detail page>` (launch `listed-only`).
 * A card whose detail page is fetched is merged with what that page says (the page wins); a card
 * whose detail page is not fetched (page cap, robots.txt, error) stands on its own. Servers with
 * a name only are not yielded.
 *
 * Manners: robots.txt is read first and obeyed for the `mcp-risk` token (a disallowed URL is
 * never requested, not even by a rendered page's scripts); a request to the site starts at least
 * `politeDelayMs` after the previous one finished (or the site's Crawl-delay, up to 30 s; for a
 * rendered page, after it settled); at most `pageCap` pages are
 * fetched; each response is bounded to 5 MB and `timeoutMs`. With `render`, pages are loaded in
 * Chromium (html/chromium-page-loader.ts) so that catalogues built by JavaScript can be read.
 */
import { InputError, UsageError, errorMessage } from '../errors.js';
import { quoteUntrusted } from '../hostile-text/untrusted-value.js';
import type { CrawlEntry, CrawlLaunch, PackageMetadata } from '../crawl-entry.js';
import { createChromiumPageLoader } from './html/chromium-page-loader.js';
import { extractPage, pageKey } from './html/extract-page.js';
import type { PageServer, SiteScope } from './html/extract-page.js';
import { createHttpPageLoader } from './html/page-loader.js';
import type { LoadedPage, PageLoader } from './html/page-loader.js';
import { HostPacer } from './http/host-pacer.js';
import { fetchRobotsRules } from './http/robots-rules.js';
import type { RobotsRules } from './http/robots-rules.js';
import type { CatalogueSource, SourceContext } from './source.js';

/** Links waiting to be fetched, at most (the page cap stops the crawl much earlier in practice). */
export const MAX_QUEUED_PAGES = 50_000;
/** Requests a rendered page made that were refused, logged one by one up to this many. */
const MAX_REFUSAL_LINES = 10;

export const htmlSource: CatalogueSource = {
  kind: 'html',
  summary: 'catalogue web pages from a start URL: listings, pagination and detail pages of one site (--render for JavaScript-built pages)',
  entries: htmlEntries,
};

async function* htmlEntries(location: string, context: SourceContext): AsyncGenerator<CrawlEntry> {
  try {
    yield* crawlFrom(startUrl(location), context);
  } catch (error) {
    // Stopping early ends the listing; it is not a failure of the catalogue.
    if (context.signal?.aborted) return;
    throw error;
  }
}

async function* crawlFrom(start: URL, context: SourceContext): AsyncGenerator<CrawlEntry> {
  const scope: SiteScope = { origin: start.origin, pathPrefix: pathPrefixOf(start) };
  const pacer = new HostPacer(context.politeDelayMs);
  const signal = context.signal === undefined ? {} : { signal: context.signal };
  const onSite = (url: URL): void => {
    if (url.origin !== start.origin) throw new InputError('input-unreadable', `${url.href} is not on ${start.origin}; not followed`);
  };
  const robots = await fetchRobotsRules(
    start,
    {
      timeoutMs: context.timeoutMs,
      ...signal,
      beforeRequest: async (url) => {
        onSite(url);
        await pacer.wait(url, context.signal);
      },
      afterRequest: (url) => pacer.finished(url),
    },
    context.log,
  );
  if (robots.crawlDelayMs !== undefined) pacer.setHostDelay(start.host, robots.crawlDelayMs);
  const beforeRequest = async (url: URL): Promise<void> => {
    onSite(url);
    if (!robots.isAllowed(url)) throw new InputError('input-unreadable', `robots.txt of ${url.origin} disallows ${url.href}`);
    await pacer.wait(url, context.signal);
  };
  const afterRequest = (url: URL): void => pacer.finished(url);
  const loaderOptions = { timeoutMs: context.timeoutMs, beforeRequest, afterRequest, ...signal };
  let refused = 0;
  const loader: PageLoader = context.render
    ? createChromiumPageLoader({
        ...loaderOptions,
        origin: start.origin,
        isAllowed: (url) => robots.isAllowed(url),
        onBlocked: (url, reason) => {
          refused += 1;
          if (refused <= MAX_REFUSAL_LINES) context.log(`html ${start.origin}: a page requested ${url.href}, refused (${reason})`);
          else if (refused === MAX_REFUSAL_LINES + 1) context.log(`html ${start.origin}: further refused requests are not logged`);
        },
      })
    : createHttpPageLoader(loaderOptions);
  try {
    yield* crawlSite(start, scope, robots, loader, context);
  } finally {
    await loader.close();
  }
}

function startUrl(location: string): URL {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw new UsageError(`html:${location} is not a URL; expected html:https://<catalogue page>`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`html:${location} is not an http or https URL`);
  url.hash = '';
  return url;
}

/** Links under this path are part of the catalogue: `/servers` → `/servers/`, `/list.html` → `/`. */
export function pathPrefixOf(url: URL): string {
  const path = url.pathname;
  if (path.endsWith('/')) return path;
  const slash = path.lastIndexOf('/');
  return path.slice(slash + 1).includes('.') ? path.slice(0, slash + 1) : `${path}/`;
}

/** Pages to fetch, in three tiers: pagination, detail pages, other links under the start path. */
class PageQueue {
  private readonly tiers: string[][] = [[], [], []];
  private readonly known = new Set<string>();

  add(key: string, tier: 0 | 1 | 2): void {
    if (this.known.has(key) || this.known.size >= MAX_QUEUED_PAGES) return;
    this.known.add(key);
    this.tiers[tier]?.push(key);
  }

  /** Marks a page as handled (a redirect target, say) so that it is not queued again. */
  seen(key: string): void {
    this.known.add(key);
  }

  next(): string | undefined {
    for (const tier of this.tiers) if (tier.length > 0) return tier.shift();
    return undefined;
  }

  get waiting(): number {
    return this.tiers.reduce((sum, tier) => sum + tier.length, 0);
  }
}

async function* crawlSite(
  start: URL,
  scope: SiteScope,
  robots: RobotsRules,
  loader: PageLoader,
  context: SourceContext,
): AsyncGenerator<CrawlEntry> {
  const site = start.origin;
  const queue = new PageQueue();
  const startKey = pageKey(start);
  queue.add(startKey, 0);
  /** Cards waiting for their detail page, by that page. */
  const pendingCards = new Map<string, { card: PageServer; foundAt: string }>();
  /** Pages fetched, and whether each described a server. */
  const described = new Map<string, boolean>();
  const yielded = new Set<string>();
  let fetched = 0;
  let disallowed = 0;
  let nameOnly = 0;

  const emit = (server: PageServer, foundAt: string): CrawlEntry | undefined => {
    const entry = toEntry(server, foundAt);
    if (entry === undefined) {
      nameOnly += 1;
      return undefined;
    }
    if (yielded.has(entry.id)) return undefined;
    yielded.add(entry.id);
    return entry;
  };

  for (let key = queue.next(); key !== undefined; key = queue.next()) {
    if (context.signal?.aborted) return;
    const url = new URL(key);
    if (!robots.isAllowed(url)) {
      disallowed += 1;
      if (key === startKey) context.log(`html ${site}: robots.txt disallows ${url.href} for mcp-risk; nothing crawled`);
      continue;
    }
    if (fetched >= context.pageCap) {
      context.log(`html ${site}: page cap of ${context.pageCap} reached; ${queue.waiting + 1} queued pages not fetched`);
      break;
    }
    fetched += 1;
    const page = await loadPage(loader, url, key === startKey, site, context);
    if (page === undefined) {
      described.set(key, false);
      continue;
    }
    const finalKey = pageKey(page.url);
    queue.seen(finalKey);
    const extract = extractPage(page.html, page.url, scope);
    if (extract.problem !== undefined) {
      context.log(`html ${site}: ${page.url.href} skipped: ${extract.problem}`);
      described.set(key, false);
      continue;
    }

    for (const card of extract.cards) {
      const detail = card.detailUrl;
      if (detail === undefined || described.get(detail) === false) {
        const entry = emit(card, finalKey);
        if (entry !== undefined) yield entry;
      } else if (!described.has(detail) && !pendingCards.has(detail)) {
        pendingCards.set(detail, { card, foundAt: finalKey });
      }
    }
    const pending = pendingCards.get(key) ?? pendingCards.get(finalKey);
    pendingCards.delete(key);
    pendingCards.delete(finalKey);
    described.set(key, extract.server !== undefined);
    described.set(finalKey, extract.server !== undefined);
    if (extract.server !== undefined) {
      const merged = pending === undefined ? extract.server : mergeServers(extract.server, pending.card);
      const entry = emit(merged, finalKey);
      if (entry !== undefined) yield entry;
    } else if (pending !== undefined) {
      const entry = emit(pending.card, pending.foundAt);
      if (entry !== undefined) yield entry;
    }

    for (const link of extract.links.pagination) queue.add(link, 0);
    for (const link of extract.links.detail) queue.add(link, 1);
    for (const link of extract.links.within) queue.add(link, 2);
  }

  // Cards whose detail page was not fetched stand on what the listing showed.
  for (const { card, foundAt } of pendingCards.values()) {
    if (context.signal?.aborted) return;
    const entry = emit(card, foundAt);
    if (entry !== undefined) yield entry;
  }
  const notes = [`${fetched} pages fetched`, `${yielded.size} servers`];
  if (disallowed > 0) notes.push(`${disallowed} pages disallowed by robots.txt`);
  if (nameOnly > 0) notes.push(`${nameOnly} listed without a package, URL or tools (not crawled)`);
  context.log(`html ${site}: ${notes.join(', ')}`);
}

async function loadPage(
  loader: PageLoader,
  url: URL,
  isStart: boolean,
  site: string,
  context: SourceContext,
): Promise<LoadedPage | undefined> {
  let page: LoadedPage;
  try {
    page = await loader.load(url);
  } catch (error) {
    // The start page is the location the user gave: failing to read it is their error to see.
    if (isStart || !(error instanceof InputError)) throw error;
    context.log(`html ${site}: ${errorMessage(error)}`);
    return undefined;
  }
  let problem: string | undefined;
  if (page.status < 200 || page.status >= 300) problem = `HTTP ${page.status}`;
  else if (page.mediaType !== '' && page.mediaType !== 'text/html' && page.mediaType !== 'application/xhtml+xml')
    problem = `not HTML (${quoteUntrusted(page.mediaType, 60)})`;
  if (problem === undefined) return page;
  if (isStart) throw new InputError('input-unreadable', `cannot read catalogue page ${url.href}: ${problem}`);
  context.log(`html ${site}: ${url.href} skipped: ${problem}`);
  return undefined;
}

function mergeServers(detail: PageServer, card: PageServer): PageServer {
  const merged: PageServer = { ...card, ...detail, tools: detail.tools.length > 0 ? detail.tools : card.tools };
  for (const field of ['description', 'npmPackage', 'mcpUrl', 'repository'] as const) {
    const value = detail[field] ?? card[field];
    if (value !== undefined) merged[field] = value;
  }
  return merged;
}

function toEntry(server: PageServer, foundAt: string): CrawlEntry | undefined {
  let id: string;
  let launch: CrawlLaunch;
  if (server.npmPackage !== undefined) {
    id = `npm:${server.npmPackage}`;
    launch = { kind: 'npm', package: server.npmPackage };
  } else if (server.mcpUrl !== undefined) {
    id = `url:${server.mcpUrl}`;
    launch = { kind: 'url', url: server.mcpUrl, transport: /\/sse\/?$/i.test(new URL(server.mcpUrl).pathname) ? 'sse' : 'auto' };
  } else if (server.tools.length > 0) {
    id = server.detailUrl !== undefined ? `html:${server.detailUrl}` : `html:${foundAt}#${encodeURIComponent(server.name)}`;
    launch = { kind: 'listed-only' };
  } else {
    return undefined;
  }
  const metadata: PackageMetadata = {};
  if (server.npmPackage !== undefined) metadata.name = server.npmPackage;
  if (server.description !== undefined) metadata.description = server.description;
  if (server.repository !== undefined) metadata.repository = server.repository;
  const entry: CrawlEntry = { id, name: server.name, source: { kind: 'html', location: foundAt }, launch, metadata };
  if (server.tools.length > 0) entry.listedTools = server.tools;
  return entry;
}
