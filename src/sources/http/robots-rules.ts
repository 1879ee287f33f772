/**
 * A site's robots.txt, read the way well-behaved crawlers read it: rules for the `mcp-risk`
 * product token (or `*`), fetched once per origin. A missing robots.txt (any 4xx) allows
 * everything; one that cannot be read (5xx, network error, off-site redirect) allows nothing,
 * since the site may be saying "stay away" in the only way it can.
 */
import { createRequire } from 'node:module';
import { InputError, errorMessage } from '../../errors.js';
import { CRAWLER_NAME, fetchText } from './fetch-text.js';
import type { FetchTextOptions } from './fetch-text.js';

/** The part of robots-parser we use. Its typings declare an ES default export, but the package
 * is CommonJS exporting the function itself, so it is loaded with require. */
interface ParsedRobots {
  isAllowed(url: string, userAgent?: string): boolean | undefined;
  getCrawlDelay(userAgent?: string): number | undefined;
}
const parseRobots = createRequire(import.meta.url)('robots-parser') as (url: string, text: string) => ParsedRobots;

/** Google reads at most 500 KiB of a robots.txt; so do we. */
export const MAX_ROBOTS_BYTES = 500 * 1024;
/** A Crawl-delay longer than this is capped (a crawl would never end otherwise). */
export const MAX_CRAWL_DELAY_MS = 30_000;

export interface RobotsRules {
  isAllowed(url: URL): boolean;
  /** The site's Crawl-delay for us, in milliseconds, when it sets one. */
  crawlDelayMs?: number;
}

export async function fetchRobotsRules(origin: URL, options: FetchTextOptions, log: (line: string) => void): Promise<RobotsRules> {
  const robotsUrl = new URL('/robots.txt', origin);
  let fetched;
  try {
    fetched = await fetchText(robotsUrl, { ...options, maxBytes: MAX_ROBOTS_BYTES, accept: 'text/plain,*/*;q=0.5' });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    log(`${robotsUrl.href} could not be read (${errorMessage(error)}); not crawling ${origin.origin}`);
    return { isAllowed: () => false };
  }
  if (fetched.status >= 400 && fetched.status < 500) return { isAllowed: () => true };
  if (fetched.status >= 500 || fetched.status < 200 || fetched.status >= 300) {
    log(`${robotsUrl.href} answered HTTP ${fetched.status}; not crawling ${origin.origin}`);
    return { isAllowed: () => false };
  }
  const robots = parseRobots(robotsUrl.href, fetched.text);
  const delaySeconds = robots.getCrawlDelay(CRAWLER_NAME);
  const rules: RobotsRules = {
    // robots-parser answers undefined for URLs of another origin: those are never allowed here.
    isAllowed: (url) => robots.isAllowed(url.href, CRAWLER_NAME) === true,
  };
  if (typeof delaySeconds === 'number' && Number.isFinite(delaySeconds) && delaySeconds > 0) {
    rules.crawlDelayMs = Math.min(delaySeconds * 1000, MAX_CRAWL_DELAY_MS);
  }
  return rules;
}
