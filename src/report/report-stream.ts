/**
 * A report whose tools arrive one at a time: what `classify` of JSON Lines produces, so that the
 * output can be written as the tools are classified and memory stays flat in the number of tools.
 * A whole ScanReport is the special case whose tools are already there. Each server's warnings and
 * summary are known only once its tools have all gone by (`end()`).
 */
import type { Category, ClassifiedTool, ScanReport, ServerReport, ServerSummary, Severity } from '../model.js';

/** Everything of a server report that is known before its first tool. */
export type ServerHead = Omit<ServerReport, 'tools' | 'warnings' | 'summary'>;

/** A tool already rendered as its JSON report entry (by a worker thread), with what the exit code needs. */
export interface PreRenderedTool {
  preRendered: string;
  name: string;
  category: Category;
  severity: Severity;
}

export type StreamedTool = ClassifiedTool | PreRenderedTool;

export function isPreRendered(tool: StreamedTool): tool is PreRenderedTool {
  return 'preRendered' in tool;
}

/** The classified tool, for the renderers that need the object. */
export function classifiedOnly(tool: StreamedTool): ClassifiedTool {
  if (isPreRendered(tool)) throw new Error('a tool pre-rendered as JSON reached a renderer of another format');
  return tool;
}

export interface StreamedServer {
  head: ServerHead;
  /** Classified tools; pre-rendered ones only when the output is JSON. */
  tools: Iterable<StreamedTool> | AsyncIterable<StreamedTool>;
  /** Call after `tools` is exhausted. */
  end(): { warnings: string[]; summary: ServerSummary };
}

export interface StreamedReport {
  schemaVersion: ScanReport['schemaVersion'];
  generator: ScanReport['generator'];
  servers: readonly StreamedServer[];
}

function headOf(server: ServerReport): ServerHead {
  const { tools: _tools, warnings: _warnings, summary: _summary, ...head } = server;
  return head;
}

/** A whole report, as a stream. */
export function streamOfReport(report: ScanReport): StreamedReport {
  return {
    schemaVersion: report.schemaVersion,
    generator: report.generator,
    servers: report.servers.map((server) => ({
      head: headOf(server),
      tools: server.tools,
      end: () => ({ warnings: server.warnings, summary: server.summary }),
    })),
  };
}

/** A streamed report, gathered whole (for the formats that sort or size columns over every tool). */
export async function collectReport(streamed: StreamedReport): Promise<ScanReport> {
  const servers: ServerReport[] = [];
  for (const server of streamed.servers) {
    const tools: ClassifiedTool[] = [];
    for await (const tool of server.tools) tools.push(classifiedOnly(tool));
    const { warnings, summary } = server.end();
    const { error, ...head } = server.head;
    servers.push({ ...head, warnings, tools, summary, ...(error !== undefined ? { error } : {}) });
  }
  return { schemaVersion: streamed.schemaVersion, generator: streamed.generator, servers };
}
