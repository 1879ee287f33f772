/**
 * The end of `scan` and `classify`: render the report in the chosen format, write it,
 * tell stderr which servers failed, and decide the exit code.
 */
import type { ScanReport } from '../model.js';
import { severityRank } from '../model.js';
import { renderReport } from '../report/renderers.js';
import { sanitizeForTerminal } from '../report/sanitize.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import type { ReportOptions } from './report-options.js';
import { writeOutput } from './write-output.js';

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
    const threshold = severityRank(options.failOn);
    const hit = report.servers.some((server) => server.tools.some((tool) => severityRank(tool.severity) >= threshold));
    if (hit) return EXIT.failOn;
  }
  return EXIT.ok;
}
