/**
 * The end of `scan` and `classify`: render the report in the chosen format, write it,
 * tell stderr which servers failed, and decide the exit code. With `--fail-on`, stderr also says
 * which tools crossed the line: the most severe first, one line each, at most a few, then a count.
 *
 * A streamed report (classify of JSON Lines) is written as its tools are classified in the
 * formats that allow it (JSON, SARIF); the table and Markdown sort every tool, so they gather
 * the report first.
 */
import type { ScanReport, Severity } from '../model.js';
import { severityRank } from '../model.js';
import { renderJsonStream } from '../report/render-json.js';
import { renderSarifStream } from '../report/render-sarif.js';
import { collectReport, streamOfReport, type StreamedReport, type StreamedServer, type StreamedTool } from '../report/report-stream.js';
import { renderReport } from '../report/renderers.js';
import { sanitizeForTerminal } from '../hostile-text/sanitize.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import type { ReportOptions } from './report-options.js';
import { writeOutputStream } from './write-output.js';

/** Tools named one by one when --fail-on is crossed; the rest are counted. */
export const FAIL_ON_SHOWN = 5;

/** A tool at or above the --fail-on threshold, as the stderr line names it. */
interface CrossingTool {
  server: string;
  name: string;
  category: string;
  severity: Severity;
}

/**
 * Collects the tools at or above `threshold` as they go by, keeping only what the lines show (the
 * first FAIL_ON_SHOWN of each severity) and a count, so memory stays flat for a streamed report.
 */
export function failOnCollector(threshold: Severity): { add(tool: CrossingTool): void; lines(): string[] } {
  const rank = severityRank(threshold);
  const shown = new Map<Severity, CrossingTool[]>();
  const servers = new Set<string>();
  let total = 0;
  return {
    add(tool) {
      if (severityRank(tool.severity) < rank) return;
      total++;
      if (servers.size < 2) servers.add(tool.server);
      const kept = shown.get(tool.severity) ?? [];
      if (kept.length < FAIL_ON_SHOWN) kept.push(tool);
      shown.set(tool.severity, kept);
    },
    lines() {
      if (total === 0) return [];
      // Most severe first; within a severity, the report's order.
      const ordered = [...shown.entries()].sort(([a], [b]) => severityRank(b) - severityRank(a)).flatMap(([, tools]) => tools);
      const several = servers.size > 1;
      const lines = ordered.slice(0, FAIL_ON_SHOWN).map((tool) => {
        const name = sanitizeForTerminal(tool.name, 80);
        const where = several ? ` (${sanitizeForTerminal(tool.server, 60)})` : '';
        return `--fail-on ${threshold}: ${name}${where} is ${tool.category}, ${tool.severity}`;
      });
      const more = total - FAIL_ON_SHOWN;
      const count = `${total} tool${total === 1 ? '' : 's'} at or above ${threshold}`;
      lines.push(more > 0 ? `--fail-on ${threshold}: and ${more} more (${count})` : `--fail-on ${threshold}: ${count}`);
      return lines;
    },
  };
}

export async function finishReport(report: ScanReport, options: ReportOptions, io: CliIo, artifactPath?: string): Promise<ExitCode> {
  return finishReportStream(streamOfReport(report), options, io, artifactPath);
}

/** A report whose tools may still be arriving: written as they come (JSON, SARIF), then the exit code. */
export async function finishReportStream(
  streamed: StreamedReport,
  options: ReportOptions,
  io: CliIo,
  artifactPath?: string,
): Promise<ExitCode> {
  const crossed = failOnCollector(options.failOn ?? 'critical');
  const watched: StreamedReport = {
    ...streamed,
    servers: streamed.servers.map((server): StreamedServer => ({
      ...server,
      tools: (async function* watch(): AsyncGenerator<StreamedTool> {
        for await (const tool of server.tools) {
          if (options.failOn !== undefined)
            crossed.add({ server: server.head.name, name: tool.name, category: tool.category, severity: tool.severity });
          yield tool;
        }
      })(),
    })),
  };
  if (options.format === 'json') {
    await writeOutputStream(renderJsonStream(watched), options.out, io);
  } else if (options.format === 'sarif') {
    await writeOutputStream(renderSarifStream(watched, artifactPath !== undefined ? { artifactPath } : {}), options.out, io);
  } else {
    const report = await collectReport(watched);
    const text = renderReport(report, options.format, { color: options.color && options.out === undefined, width: io.stdout.columns });
    await writeOutputStream([text], options.out, io);
  }
  let failed = false;
  for (const server of streamed.servers) {
    if (server.head.error) {
      failed = true;
      io.stderr.write(`mcp-risk: ${sanitizeForTerminal(server.head.name, 80)}: ${sanitizeForTerminal(server.head.error.message, 400)}\n`);
    }
  }
  if (failed) return EXIT.server;
  if (options.failOn !== undefined) {
    const lines = crossed.lines();
    for (const line of lines) io.stderr.write(`mcp-risk: ${line}\n`);
    if (lines.length > 0) return EXIT.failOn;
  }
  return EXIT.ok;
}
