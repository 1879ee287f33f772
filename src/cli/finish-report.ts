/**
 * The end of `scan` and `classify`: render the report in the chosen format, write it,
 * tell stderr which servers failed, and decide the exit code.
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
import { sanitizeForTerminal } from '../report/sanitize.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import type { ReportOptions } from './report-options.js';
import { writeOutputStream } from './write-output.js';

export async function finishReport(report: ScanReport, options: ReportOptions, io: CliIo, artifactPath?: string): Promise<ExitCode> {
  return finishReportStream(streamOfReport(report), options, io, artifactPath);
}

/** A report whose tools may still be arriving: written as they come (JSON, SARIF), then the exit code. */
export async function finishReportStream(streamed: StreamedReport, options: ReportOptions, io: CliIo, artifactPath?: string): Promise<ExitCode> {
  const seen: { highest: Severity | null } = { highest: null };
  const watched: StreamedReport = {
    ...streamed,
    servers: streamed.servers.map((server): StreamedServer => ({
      ...server,
      tools: (async function* watch(): AsyncGenerator<StreamedTool> {
        for await (const tool of server.tools) {
          if (seen.highest === null || severityRank(tool.severity) > severityRank(seen.highest)) seen.highest = tool.severity;
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
  if (options.failOn !== undefined && seen.highest !== null && severityRank(seen.highest) >= severityRank(options.failOn)) return EXIT.failOn;
  return EXIT.ok;
}
