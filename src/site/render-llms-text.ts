/**
 * llms.txt (llmstxt.org: a title, a one-paragraph summary, sections of links) and llms-full.txt
 * (every server and every tool, one line each, in Markdown). Text a server wrote goes through
 * the Markdown sanitiser: one line, bounded, nothing that opens a link, HTML or code.
 */
import { CATEGORIES, SEVERITIES } from '../model.js';
import { describeSummary } from '../report/describe-summary.js';
import { sanitizeForMarkdown } from '../hostile-text/sanitize.js';
import { headlineOf } from './render-home-page.js';
import { mostDangerousServers, type SiteModel } from './site-model.js';
import { actionLabel, CATEGORY_LABEL, CATEGORY_MEANING_PLURAL, SEVERITY_MEANING, STATUS_LABEL } from './site-words.js';

export const LLMS_PATH = 'llms.txt';
export const LLMS_FULL_PATH = 'llms-full.txt';

/** An absolute URL with --base-url, else the path from the site root. */
export type LinkTo = (path: string) => string;

function summaryLine(model: SiteModel): string {
  return `${headlineOf(model)}: each tool rated read, write, execute, destructive or financial, with a severity, the evidence quoted from its own definition, and a recommended policy (allow, rate-limit, require approval, deny or hide).`;
}

export function renderLlmsText(model: SiteModel, link: LinkTo): string {
  const lines = [
    '# mcp-risk catalogue',
    '',
    `> ${summaryLine(model)}`,
    '',
    `Last crawled: ${model.totals.lastCrawled ?? 'never'}. Ratings come from each tool's definition (name, description, input schema, annotations), not from running it. Every server page has the full policy with downloads for mcp-risk guard (JSON, YAML), Intercept, Claude Code and Codex.`,
    '',
    '## Browse',
    '',
    `- [All servers](${link('servers/index.html')}): ${model.totals.servers} servers by name`,
    ...[...SEVERITIES]
      .reverse()
      .map(
        (severity) =>
          `- [${severity} tools](${link(`severity/${severity}/index.html`)}): ${model.totals.bySeverity[severity]} tools; ${SEVERITY_MEANING[severity]}`,
      ),
    ...CATEGORIES.map(
      (category) =>
        `- [${CATEGORY_LABEL[category]} tools](${link(`category/${category}/index.html`)}): ${model.totals.byCategory[category]} tools that ${CATEGORY_MEANING_PLURAL[category]}`,
    ),
    '',
    '## Data',
    '',
    `- [catalogue.json](${link('catalogue.json')}): every server and tool as JSON (mcp-risk schemaVersion 1: the scan report shape with crawl metadata and change history)`,
    `- [llms-full.txt](${link(LLMS_FULL_PATH)}): every server and tool, one line each`,
    '',
    '## Most dangerous servers',
    '',
    ...mostDangerousServers(model).map(
      (server) => `- [${sanitizeForMarkdown(server.view.name, 120)}](${link(server.path)}): ${describeSummary(server.view.summary)}`,
    ),
    '',
  ];
  return lines.join('\n');
}

export function renderLlmsFullText(model: SiteModel, link: LinkTo): string {
  const parts: string[] = ['# mcp-risk catalogue, in full', '', `> ${summaryLine(model)}`, ''];
  for (const server of model.servers) {
    const view = server.view;
    const version = view.metadata?.version ?? view.version ?? null;
    parts.push(`## ${sanitizeForMarkdown(view.name, 200)}`, '');
    parts.push(`- Page: ${link(server.path)}`);
    if (typeof version === 'string' && version !== '') parts.push(`- Version: ${sanitizeForMarkdown(version, 80)}`);
    if (typeof view.metadata?.description === 'string' && view.metadata.description !== '')
      parts.push(`- About: ${sanitizeForMarkdown(view.metadata.description, 300)}`);
    parts.push(`- Status: ${STATUS_LABEL[view.status] ?? 'unknown'}; last scanned ${view.lastCrawled}`);
    if (view.error !== undefined) parts.push(`- Error: ${sanitizeForMarkdown(String(view.error.message ?? ''), 300)}`);
    parts.push(`- Tools: ${server.tools.length}`);
    parts.push('');
    for (const siteTool of server.tools) {
      const { tool } = siteTool;
      const description = typeof tool.description === 'string' ? sanitizeForMarkdown(tool.description, 300) : '';
      parts.push(
        `- ${sanitizeForMarkdown(tool.name, 200)}: ${CATEGORY_LABEL[tool.category]}, ${tool.severity}; recommended ${actionLabel(tool.recommendation)}. ${description}`.trimEnd(),
      );
    }
    parts.push('');
  }
  return parts.join('\n');
}
