/**
 * The GitHub-flavoured Markdown view (a pull-request comment, a job summary): an overview, then per
 * server a heading, a line of counts, a table of tools and a list of findings. Every string from a
 * server goes through sanitizeForMarkdown, so none can open a link, an image, HTML or a table cell.
 */
import type { ClassifiedTool, ScanReport, ServerReport } from '../model.js';
import { describeSummary } from './describe-summary.js';
import { formatAction, formatFindingKind, quoteEvidence } from './describe-tool.js';
import { orderTools } from './order-tools.js';
import { sanitizeForMarkdown } from '../hostile-text/sanitize.js';

const NAME_LENGTH = 120;
const MESSAGE_LENGTH = 300;

function describeOverview(report: ScanReport): string {
  const servers = report.servers.length;
  const failed = report.servers.filter((server) => server.error !== undefined).length;
  const tools = report.servers.reduce((sum, server) => sum + server.tools.length, 0);
  const generator = `${sanitizeForMarkdown(report.generator.name, 40)} ${sanitizeForMarkdown(report.generator.version, 40)}`;
  return `${String(servers)} server${servers === 1 ? '' : 's'} scanned (${String(failed)} failed), ${String(tools)} tool${tools === 1 ? '' : 's'} classified by ${generator}.`;
}

function toolRow(tool: ClassifiedTool): string {
  const quotes = quoteEvidence(tool.evidence, sanitizeForMarkdown, { count: 3, quoteLength: 80 });
  const cells = [
    sanitizeForMarkdown(tool.name, NAME_LENGTH),
    sanitizeForMarkdown(tool.category, 20),
    `**${sanitizeForMarkdown(tool.severity, 20)}**`,
    sanitizeForMarkdown(formatAction(tool.recommendation), 40),
    quotes.length > 0 ? quotes.join(', ') : '—',
  ];
  return `| ${cells.join(' | ')} |`;
}

function renderServer(server: ServerReport): string[] {
  const version = server.version === null ? '' : ` ${sanitizeForMarkdown(server.version, 40)}`;
  const lines = [`## ${sanitizeForMarkdown(server.name, NAME_LENGTH)}${version}`, ''];
  const where = `${sanitizeForMarkdown(server.transport, 10)}: ${sanitizeForMarkdown(server.target, 200)}`;

  if (server.error !== undefined) {
    const code = sanitizeForMarkdown(server.error.code, 40);
    lines.push(`${where}`, '', `**Failed** (${code}): ${sanitizeForMarkdown(server.error.message, MESSAGE_LENGTH)}`);
  } else {
    lines.push(`${where} — ${describeSummary(server.summary)}`);
  }
  for (const warning of server.warnings) {
    lines.push('', `> Warning: ${sanitizeForMarkdown(warning, MESSAGE_LENGTH)}`);
  }
  if (server.error !== undefined || server.tools.length === 0) return lines;

  const tools = orderTools(server.tools);
  lines.push('', '| Tool | Category | Severity | Action | Evidence |', '| --- | --- | --- | --- | --- |');
  for (const tool of tools) lines.push(toolRow(tool));

  const findings = tools.flatMap((tool) =>
    tool.findings.map(
      (finding) =>
        `- **${sanitizeForMarkdown(tool.name, NAME_LENGTH)}** — ${formatFindingKind(finding.kind)}: ${sanitizeForMarkdown(finding.message, MESSAGE_LENGTH)}`,
    ),
  );
  if (findings.length > 0) lines.push('', '### Findings', '', ...findings);
  return lines;
}

/** The report as GitHub-flavoured Markdown, ending with a newline. */
export function renderMarkdown(report: ScanReport): string {
  const lines = ['# MCP tool risk report', '', describeOverview(report)];
  for (const server of report.servers) lines.push('', ...renderServer(server));
  return `${lines.join('\n')}\n`;
}
