/**
 * The end of `scan` and `classify`: render the report in the chosen format, write it,
 * tell stderr which servers failed, and decide the exit code. With `--fail-on`, stderr also says
 * which tools crossed the line: the most severe first, one line each, at most a few, then a count.
 */
import type { ScanReport, Severity } from '../model.js';
import { severityRank } from '../model.js';
import { renderReport } from '../report/renderers.js';
import { sanitizeForTerminal } from '../report/sanitize.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import type { ReportOptions } from './report-options.js';
import { writeOutput } from './write-output.js';

/** Tools named one by one when --fail-on is crossed; the rest are counted. */
export const FAIL_ON_SHOWN = 5;

/** The lines (without the `mcp-risk: ` prefix) that say which tools are at or above `threshold`. */
export function failOnLines(report: ScanReport, threshold: Severity): string[] {
  const rank = severityRank(threshold);
  const hits = report.servers.flatMap((server) =>
    server.tools.filter((tool) => severityRank(tool.severity) >= rank).map((tool) => ({ server: server.name, tool })),
  );
  if (hits.length === 0) return [];
  // Most severe first; within a severity, the report's order.
  const ordered = hits.map((hit, index) => ({ ...hit, index })).sort((a, b) => severityRank(b.tool.severity) - severityRank(a.tool.severity) || a.index - b.index);
  const several = report.servers.length > 1;
  const lines = ordered.slice(0, FAIL_ON_SHOWN).map(({ server, tool }) => {
    const name = sanitizeForTerminal(tool.name, 80);
    const where = several ? ` (${sanitizeForTerminal(server, 60)})` : '';
    return `--fail-on ${threshold}: ${name}${where} is ${tool.category}, ${tool.severity}`;
  });
  const more = hits.length - FAIL_ON_SHOWN;
  const total = `${hits.length} tool${hits.length === 1 ? '' : 's'} at or above ${threshold}`;
  lines.push(more > 0 ? `--fail-on ${threshold}: and ${more} more (${total})` : `--fail-on ${threshold}: ${total}`);
  return lines;
}

export async function finishReport(report: ScanReport, options: ReportOptions, io: CliIo, artifactPath?: string): Promise<ExitCode> {
  const text = renderReport(report, options.format, {
    color: options.color && options.out === undefined,
    width: io.stdout.columns,
    ...(artifactPath !== undefined ? { artifactPath } : {}),
  });
  await writeOutput(text, options.out, io);
  let failed = false;
  for (const server of report.servers) {
    if (server.error) {
      failed = true;
      io.stderr.write(`mcp-risk: ${sanitizeForTerminal(server.name, 80)}: ${sanitizeForTerminal(server.error.message, 400)}\n`);
    }
  }
  if (failed) return EXIT.server;
  if (options.failOn !== undefined) {
    const lines = failOnLines(report, options.failOn);
    for (const line of lines) io.stderr.write(`mcp-risk: ${line}\n`);
    if (lines.length > 0) return EXIT.failOn;
  }
  return EXIT.ok;
}
