/**
 * The machine view: the ScanReport object itself, 2-space indented. Its shape (model.ts, versioned
 * by `schemaVersion`) is the contract. Strings stay raw: JSON escapes control characters itself,
 * and whoever displays a value from it is the one to sanitise it for their medium.
 *
 * The text is made piece by piece — the report's head, then each tool, then each server's warnings
 * and summary — so a report whose tools are still being classified can be written as it goes
 * (`renderJsonStream`). A tool's `definition` (the schemas as the server sent them, often large) is
 * written on one line, as compact JSON, so that the classification stays readable.
 */
import { SCHEMA_VERSION } from '../model.js';
import type { ClassifiedTool, ScanReport, ServerErrorInfo } from '../model.js';
import { isPreRendered, streamOfReport, type StreamedReport, type StreamedServer } from './report-stream.js';

const SERVER_INDENT = '    ';
const FIELD_INDENT = '      ';
const TOOL_INDENT = '        ';

/**
 * JSON of `value` indented by 2, as if nested at `indent` (an even number of spaces): the value is
 * stringified inside as many arrays as that indent is levels deep, and the arrays' brackets are cut
 * off again, so the text comes out of one native pass already indented (a newline in a string is
 * escaped, so only the layout's own lines are shifted, as `replace(/\n/g, '\n' + indent)` would).
 */
function nested(value: unknown, indent: string): string {
  const levels = indent.length / 2;
  if (levels === 0) return JSON.stringify(value, null, 2);
  let wrapped: unknown = value;
  for (let level = 0; level < levels; level += 1) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // Each enclosing level opens with `[` and a newline, and closes with a newline, its indent and `]`.
  let head = 0;
  for (let level = 0; level < levels; level += 1) head += 2 * level + 2;
  return text.slice(head + indent.length, text.length - head);
}

/** An object's pretty JSON with its closing line cut off, so more members can follow. */
function openObject(value: object, indent: string): string {
  const text = nested(value, indent);
  return text.slice(0, text.lastIndexOf('\n'));
}

/** One tool, at its place in the report (no separator). */
export function renderJsonTool(tool: ClassifiedTool): string {
  const { definition, ...classification } = tool;
  if (definition === undefined) return `${TOOL_INDENT}${nested(classification, TOOL_INDENT)}`;
  return `${TOOL_INDENT}${openObject(classification, TOOL_INDENT)},\n${TOOL_INDENT}  "definition": ${JSON.stringify(definition)}\n${TOOL_INDENT}}`;
}

function reportHead(report: Pick<StreamedReport, 'generator'>): string {
  return `${openObject({ schemaVersion: SCHEMA_VERSION, generator: report.generator }, '')},\n  "servers": [`;
}

function serverHead(server: StreamedServer, index: number): string {
  return `${index === 0 ? '\n' : ',\n'}${SERVER_INDENT}${openObject(server.head, SERVER_INDENT)},\n${FIELD_INDENT}"tools": [`;
}

function serverTail(server: StreamedServer, tools: number): string {
  const { warnings, summary } = server.end();
  return (
    `${tools === 0 ? ']' : `\n${FIELD_INDENT}]`},\n` +
    `${FIELD_INDENT}"warnings": ${nested(warnings, FIELD_INDENT)},\n` +
    `${FIELD_INDENT}"summary": ${nested(summary, FIELD_INDENT)}\n${SERVER_INDENT}}`
  );
}

function reportTail(servers: number): string {
  return servers === 0 ? ']\n}\n' : '\n  ]\n}\n';
}

/** The report's JSON in pieces, written as the tools arrive. Joined, it is `renderJson` of the whole report. */
export async function* renderJsonStream(report: StreamedReport): AsyncGenerator<string> {
  yield reportHead(report);
  let index = 0;
  for (const server of report.servers) {
    yield serverHead(server, index);
    let count = 0;
    for await (const tool of server.tools)
      yield `${count++ === 0 ? '\n' : ',\n'}${isPreRendered(tool) ? tool.preRendered : renderJsonTool(tool)}`;
    yield serverTail(server, count);
    index += 1;
  }
  yield reportTail(index);
}

/** The whole report as 2-space-indented JSON, ending with a newline. */
export function renderJson(report: ScanReport): string {
  const streamed = streamOfReport(report);
  const pieces = [reportHead(streamed)];
  streamed.servers.forEach((server, index) => {
    pieces.push(serverHead(server, index));
    let count = 0;
    for (const tool of server.tools as Iterable<ClassifiedTool>) pieces.push(`${count++ === 0 ? '\n' : ',\n'}${renderJsonTool(tool)}`);
    pieces.push(serverTail(server, count));
  });
  pieces.push(reportTail(streamed.servers.length));
  return pieces.join('');
}

/** A run that failed as a whole, in the same versioned envelope: `{"schemaVersion":1,"error":{"code","message"}}`. */
export function renderJsonError(error: ServerErrorInfo): string {
  const body = { schemaVersion: SCHEMA_VERSION, error: { code: error.code, message: error.message } };
  return `${JSON.stringify(body, null, 2)}\n`;
}
