/**
 * Small pieces of markup the pages share: badges, times, links to servers and tools, outside
 * links (http and https only, marked nofollow), and the pager of listing pages. Every text a
 * server wrote goes through page-text.ts bounds and the `html` tag.
 */
import { isCategory, isSeverity } from '../model.js';
import type { Category, Severity } from '../model.js';
import { html, type Html } from './html-template.js';
import { lineText, TEXT_LIMITS } from './page-text.js';
import { safeHttpUrl } from './safe-url.js';
import type { SiteServer, SiteTool } from './site-model.js';

export function severityBadge(severity: Severity): Html {
  return isSeverity(severity) ? html`<span class="badge sev-${severity}">${severity}</span>` : html``;
}

export function categoryBadge(category: Category): Html {
  return isCategory(category) ? html`<span class="badge cat-${category}">${category}</span>` : html``;
}

const ISO_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?Z$/;

/** `<time datetime="…">2026-01-02 03:04 UTC</time>` for an ISO time; other text as bounded text. */
export function timeText(iso: string | null | undefined): Html {
  if (typeof iso !== 'string' || iso === '') return html`unknown`;
  const match = ISO_TIME.exec(iso);
  if (match === null) return html`${lineText(iso, 40)}`;
  return html`<time datetime="${iso}">${match[1]} ${match[2]} UTC</time>`;
}

/** The server's name, bounded, as a link to its page. */
export function serverLink(server: SiteServer, root: string): Html {
  return html`<a href="${root + server.path}">${lineText(server.view.name, TEXT_LIMITS.name)}</a>`;
}

export function toolLink(siteTool: SiteTool, root: string): Html {
  return html`<a href="${root + siteTool.path}">${lineText(siteTool.tool.name, TEXT_LIMITS.name)}</a>`;
}

/**
 * A link to a URL a server or its package gave, when it is http(s): never followed for ranking,
 * opened without access to this page. Anything else is shown as text.
 */
export function outsideLink(url: string | undefined, label?: string): Html {
  if (typeof url !== 'string' || url === '') return html``;
  const href = safeHttpUrl(url);
  const text = lineText(label ?? url, TEXT_LIMITS.line);
  if (href === null) return html`<span>${text}</span>`;
  return html`<a href="${href}" rel="nofollow noopener noreferrer">${text}</a>`;
}

/** The path of page `page` (1-based) of a listing whose first page is `<dir>index.html`. */
export function listingPagePath(dir: string, page: number): string {
  return page <= 1 ? `${dir}index.html` : `${dir}page-${page}.html`;
}

/** Previous, a few page numbers around this one, next. Nothing when there is one page. */
export function pager(dir: string, page: number, pages: number, root: string): Html {
  if (pages <= 1) return html``;
  const numbers = new Set<number>([1, pages]);
  for (let n = page - 2; n <= page + 2; n += 1) if (n >= 1 && n <= pages) numbers.add(n);
  const sorted = [...numbers].sort((a, b) => a - b);
  const items: Html[] = [];
  if (page > 1) items.push(html`<li><a rel="prev" href="${root + listingPagePath(dir, page - 1)}">Previous</a></li>`);
  let last = 0;
  for (const n of sorted) {
    if (n > last + 1) items.push(html`<li aria-hidden="true">…</li>`);
    items.push(
      n === page
        ? html`<li><span aria-current="page">Page ${n}</span></li>`
        : html`<li><a href="${root + listingPagePath(dir, n)}">Page ${n}</a></li>`,
    );
    last = n;
  }
  if (page < pages) items.push(html`<li><a rel="next" href="${root + listingPagePath(dir, page + 1)}">Next</a></li>`);
  return html`<nav class="pager" aria-label="Pages"><ul>${items}</ul></nav>`;
}
