/**
 * The home page: how many servers and tools were scanned and classified, how the tools spread
 * over severities and categories (charts with table equivalents), the most dangerous servers,
 * search over every server and tool, and where to browse.
 */
import { CATEGORIES, SEVERITIES } from '../model.js';
import { CRAWL_STATUSES } from '../catalogue/catalogue-model.js';
import { html } from './html-template.js';
import { renderPage, rootOf, type SiteContext } from './page-layout.js';
import { serverLink, severityBadge, timeText } from './page-parts.js';
import { renderBarChart } from './render-chart.js';
import { mostDangerousServers, type SiteModel } from './site-model.js';
import { plural, STATUS_LABEL } from './site-words.js';

export const HOME_PATH = 'index.html';
export const SEARCH_SCRIPT_PATH = 'assets/search.js';

/** "12 MCP servers and 345 tools scanned and risk-classified". */
export function headlineOf(model: SiteModel): string {
  return `${plural(model.totals.servers, 'MCP server')} and ${plural(model.totals.tools, 'tool')} scanned and risk-classified`;
}

export function renderHomePage(model: SiteModel, context: SiteContext): string {
  const root = rootOf(HOME_PATH);
  const { totals } = model;
  const headline = headlineOf(model);
  const statuses = CRAWL_STATUSES.filter((status) => totals.byStatus[status] > 0).map(
    (status) => `${totals.byStatus[status]} ${STATUS_LABEL[status]}`,
  );
  const severityChart = renderBarChart(
    {
      id: 'chart-severity',
      title: 'Tools by severity',
      unit: 'tool',
      labelHeader: 'Severity',
      bars: [...SEVERITIES].reverse().map((severity) => ({
        label: severity,
        value: totals.bySeverity[severity],
        className: `sev-${severity}`,
        path: `severity/${severity}/index.html`,
      })),
    },
    root,
  );
  const categoryChart = renderBarChart(
    {
      id: 'chart-category',
      title: 'Tools by category',
      unit: 'tool',
      labelHeader: 'Category',
      bars: CATEGORIES.map((category) => ({
        label: category,
        value: totals.byCategory[category],
        className: `cat-${category}`,
        path: `category/${category}/index.html`,
      })),
    },
    root,
  );
  const dangerous = mostDangerousServers(model);
  const dangerousRows = dangerous.map((server) => {
    const count = (predicate: (tool: (typeof server.tools)[number]) => boolean): number => server.tools.filter(predicate).length;
    return html`<tr><th scope="row">${serverLink(server, root)}</th><td class="num">${server.tools.length}</td><td class="num">${count((t) => t.tool.severity === 'critical')}</td><td class="num">${count((t) => t.tool.severity === 'high')}</td><td class="num">${count((t) => t.tool.category === 'destructive')}</td><td class="num">${count((t) => t.tool.category === 'financial')}</td><td>${server.view.summary?.highestSeverity ? severityBadge(server.view.summary.highestSeverity) : ''}</td></tr>`;
  });
  const body = html`<h1>${headline}</h1>
<p class="lead">Every tool of every server is rated read, write, execute, destructive or financial, given a severity with the evidence from its own definition, and given the policy that contains it. ${plural(totals.bySeverity.critical, 'tool is', 'tools are')} critical; ${plural(totals.byCategory.destructive, 'tool', 'tools')} can destroy data and ${plural(totals.byCategory.financial, 'tool', 'tools')} can move money.</p>
<p class="muted">Last crawled ${timeText(totals.lastCrawled)}.${statuses.length > 0 ? ` Servers: ${statuses.join(', ')}.` : ''}</p>
<section class="search" aria-labelledby="search-heading">
<h2 id="search-heading">Search</h2>
<div role="search">
<label for="search-input">Search servers and tools by name or by words of their description</label>
<input id="search-input" type="search" autocomplete="off" spellcheck="false" aria-describedby="search-help" aria-controls="search-results">
<p id="search-help" class="muted">For example: delete file, refund, run_sql. Every word must match the start of a word in a name or description.</p>
</div>
<p id="search-status" role="status" aria-live="polite"></p>
<ol id="search-results"></ol>
<noscript><p>Search needs JavaScript. Browse <a href="${root}servers/index.html">all servers</a>, tools <a href="${root}severity/index.html">by severity</a> or <a href="${root}category/index.html">by category</a> instead.</p></noscript>
</section>
<section aria-labelledby="charts-heading">
<h2 id="charts-heading">How dangerous the tools are</h2>
<div class="charts">
<div>${severityChart}</div>
<div>${categoryChart}</div>
</div>
</section>
<section aria-labelledby="dangerous-heading">
<h2 id="dangerous-heading">Most dangerous servers</h2>
${
  dangerous.length === 0
    ? html`<p>No server has a tool of high or critical severity.</p>`
    : html`<table>
<caption>Servers with the most critical and high-severity tools</caption>
<thead><tr><th scope="col">Server</th><th scope="col" class="num">Tools</th><th scope="col" class="num">Critical</th><th scope="col" class="num">High</th><th scope="col" class="num">Destructive</th><th scope="col" class="num">Financial</th><th scope="col">Highest</th></tr></thead>
<tbody>${dangerousRows}</tbody>
</table>`
}
</section>
<section aria-labelledby="browse-heading">
<h2 id="browse-heading">Browse</h2>
<ul>
<li><a href="${root}servers/index.html">All ${plural(totals.servers, 'server')}</a></li>
<li><a href="${root}severity/index.html">Tools by severity</a>: ${[...SEVERITIES].reverse().map((severity, index) => html`${index > 0 ? ', ' : ''}<a href="${root}severity/${severity}/index.html">${severity}</a>`)}</li>
<li><a href="${root}category/index.html">Tools by category</a>: ${CATEGORIES.map((category, index) => html`${index > 0 ? ', ' : ''}<a href="${root}category/${category}/index.html">${category}</a>`)}</li>
<li>Data: <a href="${root}catalogue.json">catalogue.json</a> (every server and tool as JSON), <a href="${root}llms.txt">llms.txt</a>, <a href="${root}llms-full.txt">llms-full.txt</a></li>
</ul>
</section>`;
  return renderPage(
    {
      path: HOME_PATH,
      title: `mcp-risk catalogue: ${headline}`,
      description: `${headline}: what each tool can do, how dangerous it is, why, and the policy that contains it.`,
      section: 'home',
      body,
      scripts: [SEARCH_SCRIPT_PATH],
    },
    context,
  );
}
