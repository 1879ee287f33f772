/**
 * `publishSite(view, options)`: the catalogue as a static site in `outDir` — written
 * incrementally (only what changed since the last publish), deterministic, browsable from any
 * static host and straight from disk. See site-files.ts for what it contains.
 */
import { UsageError } from '../errors.js';
import type { CatalogueView } from '../catalogue/read-catalogue.js';
import { siteFiles } from './site-files.js';
import { buildSiteModel } from './site-model.js';
import { writeSiteFiles, type WriteStats } from './write-site-files.js';

export interface PublishOptions {
  outDir: string;
  /** The URL the site will be served from (http or https); enables sitemap.xml and canonical links. */
  baseUrl?: string | null;
  /** Rows per listing page (default 100). */
  pageSize?: number;
  /** Files written at a time (default 16). */
  concurrency?: number;
}

export interface PublishResult extends WriteStats {
  outDir: string;
  servers: number;
  tools: number;
  wallMs: number;
}

/** `https://example.org/catalogue` → `https://example.org/catalogue/`; UsageError for anything but an absolute http(s) URL. */
export function normalizeBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--base-url must be an absolute http or https URL (got ${JSON.stringify(raw.slice(0, 200))})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--base-url must be an http or https URL (got ${url.protocol})`);
  if (url.username !== '' || url.password !== '') throw new UsageError('--base-url must not carry a user name or password');
  if (url.search !== '' || url.hash !== '') throw new UsageError('--base-url must not have a query or a fragment');
  url.pathname = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return url.href;
}

export async function publishSite(view: CatalogueView, options: PublishOptions): Promise<PublishResult> {
  const started = performance.now();
  const baseUrl = options.baseUrl === undefined || options.baseUrl === null ? null : normalizeBaseUrl(options.baseUrl);
  const model = buildSiteModel(view);
  const stats = await writeSiteFiles(
    options.outDir,
    siteFiles(view, { baseUrl, ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}) }, model),
    options.concurrency !== undefined ? { concurrency: options.concurrency } : {},
  );
  return {
    ...stats,
    outDir: options.outDir,
    servers: model.totals.servers,
    tools: model.totals.tools,
    wallMs: Math.round(performance.now() - started),
  };
}
