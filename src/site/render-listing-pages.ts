/**
 * Listing pages: all servers, and the tools of each severity and of each category, paginated
 * (`<dir>index.html`, `<dir>page-2.html`, …), plus the index pages of severities and categories.
 */
import { CATEGORIES, SEVERITIES } from '../model.js';
import type { Category, Severity } from '../model.js';
import { html, type Html } from './html-template.js';
import { renderPage, rootOf, type NavSection, type SiteContext } from './page-layout.js';
import { categoryBadge, listingPagePath, pager, serverLink, severityBadge, timeText, toolLink } from './page-parts.js';
import { lineText, TEXT_LIMITS } from './page-text.js';
import type { SiteFile } from './site-file.js';
import type { SiteModel, SiteServer, SiteTool } from './site-model.js';
import { actionLabel, article, CATEGORY_LABEL, CATEGORY_MEANING, plural, SEVERITY_MEANING, STATUS_LABEL } from './site-words.js';

export const DEFAULT_PAGE_SIZE = 100;

interface Listing<T> {
  dir: string;
  section: NavSection;
  title: string;
  intro: string;
  crumbs: { label: string; path?: string }[];
  items: readonly T[];
  table: (items: readonly T[], root: string) => Html;
}

function* paginate<T>(listing: Listing<T>, pageSize: number, context: SiteContext): Generator<SiteFile> {
  const pages = Math.max(1, Math.ceil(listing.items.length / pageSize));
  for (let page = 1; page <= pages; page += 1) {
    const path = listingPagePath(listing.dir, page);
    const root = rootOf(path);
    const items = listing.items.slice((page - 1) * pageSize, page * pageSize);
    const heading = pages > 1 ? `${listing.title} (page ${page} of ${pages})` : listing.title;
    const body = html`<h1>${heading}</h1>
<p>${listing.intro}</p>
${pager(listing.dir, page, pages, root)}
${items.length > 0 ? listing.table(items, root) : html`<p>None in this catalogue.</p>`}
${pager(listing.dir, page, pages, root)}`;
    yield {
      path,
      content: renderPage(
        {
          path,
          title: `${heading} — mcp-risk catalogue`,
          description: listing.intro,
          section: listing.section,
          breadcrumb: [...listing.crumbs, { label: heading }],
          body,
        },
        context,
      ),
    };
  }
}

function toolTable(items: readonly SiteTool[], root: string, caption: string): Html {
  return html`<table>
<caption>${caption}</caption>
<thead><tr><th scope="col">Tool</th><th scope="col">Server</th><th scope="col">Category</th><th scope="col">Severity</th><th scope="col">Recommended</th><th scope="col">Description</th></tr></thead>
<tbody>${items.map(
    (siteTool) =>
      html`<tr><th scope="row">${toolLink(siteTool, root)}</th><td>${serverLink(siteTool.server, root)}</td><td>${categoryBadge(siteTool.tool.category)}</td><td>${severityBadge(siteTool.tool.severity)}</td><td>${actionLabel(siteTool.tool.recommendation)}</td><td>${lineText(siteTool.tool.description ?? '', TEXT_LIMITS.excerpt)}</td></tr>`,
  )}</tbody>
</table>`;
}

function serverTable(items: readonly SiteServer[], root: string): Html {
  const count = (server: SiteServer, category: Category): number =>
    server.tools.filter((siteTool) => siteTool.tool.category === category).length;
  return html`<table>
<caption>Servers, by name</caption>
<thead><tr><th scope="col">Server</th><th scope="col">Status</th><th scope="col" class="num">Tools</th><th scope="col">Highest</th><th scope="col" class="num">Destructive</th><th scope="col" class="num">Financial</th><th scope="col">Last scanned</th></tr></thead>
<tbody>${items.map(
    (server) =>
      html`<tr><th scope="row">${serverLink(server, root)}</th><td>${STATUS_LABEL[server.view.status] ?? ''}</td><td class="num">${server.tools.length}</td><td>${server.view.summary?.highestSeverity ? severityBadge(server.view.summary.highestSeverity) : ''}</td><td class="num">${count(server, 'destructive')}</td><td class="num">${count(server, 'financial')}</td><td>${timeText(server.view.lastCrawled)}</td></tr>`,
  )}</tbody>
</table>`;
}

const HOME_CRUMB = { label: 'Home', path: 'index.html' };

function indexPage(path: string, section: NavSection, title: string, intro: string, rows: Html, context: SiteContext): SiteFile {
  const body = html`<h1>${title}</h1>
<p>${intro}</p>
${rows}`;
  return {
    path,
    content: renderPage(
      { path, title: `${title} — mcp-risk catalogue`, description: intro, section, breadcrumb: [HOME_CRUMB, { label: title }], body },
      context,
    ),
  };
}

export function* listingPages(model: SiteModel, context: SiteContext, pageSize: number = DEFAULT_PAGE_SIZE): Generator<SiteFile> {
  yield* paginate(
    {
      dir: 'servers/',
      section: 'servers',
      title: 'All servers',
      intro: `${plural(model.totals.servers, 'MCP server')} in the catalogue, by name.`,
      crumbs: [HOME_CRUMB],
      items: model.servers,
      table: (items, root) => serverTable(items, root),
    },
    pageSize,
    context,
  );

  const severityRoot = rootOf('severity/index.html');
  yield indexPage(
    'severity/index.html',
    'severity',
    'Tools by severity',
    `${plural(model.totals.tools, 'tool')}, by how much harm a misused call can do.`,
    html`<table><caption>Severities</caption><thead><tr><th scope="col">Severity</th><th scope="col" class="num">Tools</th><th scope="col">Means</th></tr></thead><tbody>${[
      ...SEVERITIES,
    ]
      .reverse()
      .map(
        (severity) =>
          html`<tr><th scope="row"><a href="${severityRoot}severity/${severity}/index.html">${severity}</a></th><td class="num">${model.totals.bySeverity[severity]}</td><td>${SEVERITY_MEANING[severity]}</td></tr>`,
      )}</tbody></table>`,
    context,
  );
  for (const severity of [...SEVERITIES].reverse() as Severity[]) {
    yield* paginate(
      {
        dir: `severity/${severity}/`,
        section: 'severity',
        title: `${severity[0]?.toUpperCase()}${severity.slice(1)}-severity tools`,
        intro: `${plural(model.totals.bySeverity[severity], 'tool')} of ${severity} severity: ${SEVERITY_MEANING[severity]}. Most dangerous category first.`,
        crumbs: [HOME_CRUMB, { label: 'By severity', path: 'severity/index.html' }],
        items: model.bySeverity[severity],
        table: (items, root) => toolTable(items, root, `Tools of ${severity} severity`),
      },
      pageSize,
      context,
    );
  }

  const categoryRoot = rootOf('category/index.html');
  yield indexPage(
    'category/index.html',
    'category',
    'Tools by category',
    `${plural(model.totals.tools, 'tool')}, by what they can do.`,
    html`<table><caption>Categories</caption><thead><tr><th scope="col">Category</th><th scope="col" class="num">Tools</th><th scope="col">Means</th></tr></thead><tbody>${CATEGORIES.map(
      (category) =>
        html`<tr><th scope="row"><a href="${categoryRoot}category/${category}/index.html">${category}</a></th><td class="num">${model.totals.byCategory[category]}</td><td>${CATEGORY_MEANING[category]}</td></tr>`,
    )}</tbody></table>`,
    context,
  );
  for (const category of CATEGORIES) {
    yield* paginate(
      {
        dir: `category/${category}/`,
        section: 'category',
        title: `${CATEGORY_LABEL[category]} tools`,
        intro: `${plural(model.totals.byCategory[category], 'tool')}. ${article(category) === 'an' ? 'An' : 'A'} ${category} tool ${CATEGORY_MEANING[category]}. Most severe first.`,
        crumbs: [HOME_CRUMB, { label: 'By category', path: 'category/index.html' }],
        items: model.byCategory[category],
        table: (items, root) => toolTable(items, root, `${CATEGORY_LABEL[category]} tools`),
      },
      pageSize,
      context,
    );
  }
}
