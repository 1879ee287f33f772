/**
 * sitemap.xml for --base-url: absolute URLs of every page, the server and tool pages with the
 * time their server was last crawled. Past 50,000 URLs (the protocol's limit per file),
 * sitemap.xml becomes an index of sitemap-1.xml, sitemap-2.xml, …
 */
import { escapeXml } from './escape-html.js';
import type { SiteFile } from './site-file.js';

export const SITEMAP_PATH = 'sitemap.xml';
export const SITEMAP_MAX_URLS = 50_000;

export interface SitemapEntry {
  /** From the site root. */
  path: string;
  /** ISO time, when known. */
  lastModified?: string;
}

function urlset(baseUrl: string, entries: readonly SitemapEntry[]): string {
  const urls = entries.map((entry) => {
    const lastmod =
      entry.lastModified !== undefined && /^\d{4}-\d{2}-\d{2}T/.test(entry.lastModified)
        ? `<lastmod>${escapeXml(entry.lastModified.slice(0, 10))}</lastmod>`
        : '';
    return `<url><loc>${escapeXml(baseUrl + entry.path)}</loc>${lastmod}</url>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

export function sitemapFiles(baseUrl: string, entries: readonly SitemapEntry[], maxUrls: number = SITEMAP_MAX_URLS): SiteFile[] {
  if (entries.length <= maxUrls) return [{ path: SITEMAP_PATH, content: urlset(baseUrl, entries) }];
  const files: SiteFile[] = [];
  for (let start = 0; start < entries.length; start += maxUrls) {
    files.push({ path: `sitemap-${files.length + 1}.xml`, content: urlset(baseUrl, entries.slice(start, start + maxUrls)) });
  }
  const index = files.map((file) => `<sitemap><loc>${escapeXml(baseUrl + file.path)}</loc></sitemap>`);
  files.push({
    path: SITEMAP_PATH,
    content: `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${index.join('\n')}\n</sitemapindex>\n`,
  });
  return files;
}

/** robots.txt pointing crawlers at the sitemap (only with --base-url). */
export function robotsText(baseUrl: string): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${baseUrl}${SITEMAP_PATH}\n`;
}
