/**
 * The terminal view: per server a header line, a table of tools (most severe first), a line of
 * counts and the findings. Every string a server provided goes through sanitizeForTerminal; the
 * only escape sequences ever written are the severity colours, and only when asked for.
 */
import Table from 'cli-table3';
import type { ClassifiedTool, ScanReport, ServerReport, Severity } from '../model.js';
import { describeSummary } from './describe-summary.js';
import { formatAction, formatFindingKind, quoteEvidence } from './describe-tool.js';
import { orderTools } from './order-tools.js';
import { sanitizeForTerminal } from '../hostile-text/sanitize.js';

export interface TableOptions {
  /** Colour the severities with ANSI codes (nothing else is ever coloured). */
  color: boolean;
  /** Terminal width in columns; the evidence and tool columns shrink to fit it. */
  width?: number;
}

const SEVERITY_COLORS: Record<Severity, string> = {
  critical: '\u001b[1;31m',
  high: '\u001b[31m',
  medium: '\u001b[33m',
  low: '\u001b[32m',
};
const RESET = '\u001b[0m';

const HEAD = ['Tool', 'Category', 'Severity', 'Action', 'Evidence'];
/** Column widths (content plus one space of padding on each side) when there is room. */
const IDEAL_WIDTHS = [32, 13, 10, 19, 48];
/** The narrowest the tool and evidence columns get when the terminal is narrow. */
const MIN_TOOL_WIDTH = 16;
const MIN_EVIDENCE_WIDTH = 20;

const NAME_LENGTH = 120;
const TARGET_LENGTH = 120;
const MESSAGE_LENGTH = 300;

function paintSeverity(severity: Severity, color: boolean): string {
  return color ? `${SEVERITY_COLORS[severity]}${severity}${RESET}` : severity;
}

function columnWidths(width: number | undefined): number[] {
  const [tool = 0, category = 0, severity = 0, action = 0, evidence = 0] = IDEAL_WIDTHS;
  if (width === undefined || !Number.isFinite(width)) return [...IDEAL_WIDTHS];
  const borders = IDEAL_WIDTHS.length + 1;
  const toolSlack = tool - MIN_TOOL_WIDTH;
  const evidenceSlack = evidence - MIN_EVIDENCE_WIDTH;
  const excess = Math.min(toolSlack + evidenceSlack, tool + category + severity + action + evidence + borders - Math.floor(width));
  if (excess <= 0) return [...IDEAL_WIDTHS];
  const shrinkTool = Math.round((excess * toolSlack) / (toolSlack + evidenceSlack));
  return [tool - shrinkTool, category, severity, action, evidence - (excess - shrinkTool)];
}

function describeServer(server: ServerReport): string {
  const name = sanitizeForTerminal(server.name, NAME_LENGTH);
  const version = server.version === null ? '' : ` ${sanitizeForTerminal(server.version, 40)}`;
  const where = `(${sanitizeForTerminal(server.transport, 10)}: ${sanitizeForTerminal(server.target, TARGET_LENGTH)})`;
  if (server.error !== undefined) {
    const code = sanitizeForTerminal(server.error.code, 40);
    const message = sanitizeForTerminal(server.error.message, MESSAGE_LENGTH);
    return `${name}${version} ${where} — failed: ${code}: ${message}`;
  }
  const count = server.tools.length;
  return `${name}${version} ${where} — ${String(count)} tool${count === 1 ? '' : 's'}`;
}

function toolRow(tool: ClassifiedTool, options: TableOptions): Table.HorizontalTableRow {
  const quotes = quoteEvidence(tool.evidence, sanitizeForTerminal, { count: 2, quoteLength: 40 });
  const more = tool.evidence.length - quotes.length;
  if (more > 0) quotes.push(`+${String(more)} more`);
  return [
    { content: sanitizeForTerminal(tool.name, NAME_LENGTH), wordWrap: true, wrapOnWordBoundary: false },
    sanitizeForTerminal(tool.category, 20),
    paintSeverity(tool.severity, options.color),
    sanitizeForTerminal(formatAction(tool.recommendation), 40),
    quotes.length > 0 ? quotes.join(', ') : '-',
  ];
}

function renderServer(server: ServerReport, options: TableOptions): string[] {
  const lines = [describeServer(server)];
  for (const warning of server.warnings) {
    lines.push(`  warning: ${sanitizeForTerminal(warning, MESSAGE_LENGTH)}`);
  }
  if (server.error !== undefined || server.tools.length === 0) return lines;

  const table = new Table({
    head: HEAD,
    colWidths: columnWidths(options.width),
    wordWrap: true,
    style: { head: [], border: [], compact: true },
  });
  const tools = orderTools(server.tools);
  for (const tool of tools) table.push(toolRow(tool, options));
  lines.push(table.toString(), describeSummary(server.summary));

  for (const tool of tools) {
    const name = sanitizeForTerminal(tool.name, NAME_LENGTH);
    for (const finding of tool.findings) {
      lines.push(`⚠ ${name}: ${formatFindingKind(finding.kind)}: ${sanitizeForTerminal(finding.message, MESSAGE_LENGTH)}`);
    }
  }
  return lines;
}

/** The report as terminal text, servers separated by a blank line, ending with a newline. */
export function renderTable(report: ScanReport, options: TableOptions): string {
  const blocks = report.servers.map((server) => renderServer(server, options).join('\n'));
  if (report.servers.length > 1) {
    const failed = report.servers.filter((server) => server.error !== undefined).length;
    const tools = report.servers.reduce((sum, server) => sum + server.tools.length, 0);
    blocks.push(`${String(report.servers.length)} servers (${String(failed)} failed), ${String(tools)} tools`);
  }
  if (blocks.length === 0) blocks.push('No servers scanned.');
  return `${blocks.join('\n\n')}\n`;
}
