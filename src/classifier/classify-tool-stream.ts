/**
 * Tool definitions arriving one at a time (a ToolStream) → a streamed server report: each tool
 * classified as it comes, keeping its definition, and counted into the summary; warnings and
 * summary are complete once the tools are.
 */
import type { ClassifiedTool } from '../model.js';
import type { ServerHead, StreamedServer } from '../report/report-stream.js';
import type { ToolStream } from '../scanner/tool-stream.js';
import { OVERSIZED_DEFINITION_FINDING } from './classify-server.js';
import { classifyTool } from './classify-tool.js';
import { addToSummary, emptySummary } from './summarize.js';

export function classifyToolStream(head: ServerHead, stream: ToolStream): StreamedServer {
  const summary = emptySummary();
  async function* tools(): AsyncGenerator<ClassifiedTool> {
    for await (const { tool, oversized } of stream.tools()) {
      const findings = oversized && tool.cut === undefined ? [{ ...OVERSIZED_DEFINITION_FINDING }] : [];
      const classified: ClassifiedTool = { ...classifyTool(tool, { serverName: head.name, findings }), definition: tool };
      addToSummary(summary, classified);
      yield classified;
    }
  }
  return { head, tools: tools(), end: () => ({ warnings: stream.result().warnings, summary }) };
}
