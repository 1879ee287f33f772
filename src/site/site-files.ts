/**
 * Every file of the site, produced one at a time (a generator), so the writer can hash and drop
 * each page as it comes: the stylesheet and search script, the home page, each server's page with
 * its policy downloads and its tools' pages, the listing pages, the search index, catalogue.json,
 * llms.txt and llms-full.txt, and — with a base URL — sitemap.xml and robots.txt.
 *
 * The output depends on the catalogue and mcp-risk's version only (no clock), so an unchanged
 * catalogue publishes byte-identical files.
 */
import type { CatalogueView } from '../catalogue/read-catalogue.js';
import { toolRisks } from '../policy/export/policy-export.js';
import type { SiteContext } from './page-layout.js';
import { HOME_PATH, renderHomePage, SEARCH_SCRIPT_PATH } from './render-home-page.js';
import { DEFAULT_PAGE_SIZE, listingPages } from './render-listing-pages.js';
import { LLMS_FULL_PATH, LLMS_PATH, renderLlmsFullText, renderLlmsText } from './render-llms-text.js';
import { renderServerPage } from './render-server-page.js';
import { robotsText, sitemapFiles, type SitemapEntry } from './render-sitemap.js';
import { renderToolPage } from './render-tool-page.js';
import { searchIndexFiles } from './search-index.js';
import { searchScript } from './search-script.js';
import { policyFiles, serverPolicy } from './server-policy-files.js';
import type { SiteFile } from './site-file.js';
import { siteCss } from './site-css.js';
import { faviconSvg } from './favicon.js';
import { buildSiteModel, type SiteModel } from './site-model.js';

export const STYLESHEET_PATH = 'assets/site.css';
export const CATALOGUE_JSON_PATH = 'catalogue.json';

export interface SiteOptions {
  /** Absolute http(s) URL of the site's root, ending with `/`; null for relative links only (no sitemap). */
  baseUrl: string | null;
  /** Rows per listing page. */
  pageSize?: number;
}

export function* siteFiles(view: CatalogueView, options: SiteOptions, model: SiteModel = buildSiteModel(view)): Generator<SiteFile> {
  const context: SiteContext = { baseUrl: options.baseUrl, version: view.generator.version };
  const pages: SitemapEntry[] = [];
  const page = (path: string, content: string, lastModified?: string): SiteFile => {
    pages.push(lastModified !== undefined ? { path, lastModified } : { path });
    return { path, content };
  };
  yield { path: STYLESHEET_PATH, content: siteCss() };
  yield { path: SEARCH_SCRIPT_PATH, content: searchScript() };
  yield { path: 'assets/favicon.svg', content: faviconSvg() };
  yield page(HOME_PATH, renderHomePage(model, context));

  for (const server of model.servers) {
    const name = server.view.name;
    const report = { ...server.view, tools: server.tools.map((siteTool) => siteTool.tool) };
    const policy = serverPolicy(report, name, context.version);
    const downloads = server.tools.length > 0 ? policyFiles(policy, name, toolRisks(report)) : [];
    yield page(server.path, renderServerPage(server, policy, downloads, context), server.view.lastCrawled);
    for (const download of downloads) yield { path: server.dir + download.download.file, content: download.text };
    for (const siteTool of server.tools)
      yield page(siteTool.path, renderToolPage(model, siteTool, policy, context), server.view.lastCrawled);
  }

  for (const listing of listingPages(model, context, options.pageSize ?? DEFAULT_PAGE_SIZE))
    yield page(listing.path, listing.content as string);
  yield* searchIndexFiles(model);

  yield { path: CATALOGUE_JSON_PATH, content: `${JSON.stringify(view)}\n` };
  const link = (path: string): string => (options.baseUrl !== null ? options.baseUrl + path : path);
  yield { path: LLMS_PATH, content: renderLlmsText(model, link) };
  yield { path: LLMS_FULL_PATH, content: renderLlmsFullText(model, link) };
  if (options.baseUrl !== null) {
    yield* sitemapFiles(options.baseUrl, pages);
    yield { path: 'robots.txt', content: robotsText(options.baseUrl) };
  }
}
