/**
 * Tool definitions arriving one at a time (a ToolStream) → a streamed server report: each tool
 * classified as it comes, keeping its definition, and counted into the summary; warnings and
 * summary are complete once the tools are.
 */
import type { ClassifiedTool, ToolDefinition } from '../model.js';
import type { ServerHead, StreamedServer } from './report-stream.js';
import type { ToolStream } from '../scanner/tool-stream.js';
import { OVERSIZED_DEFINITION_FINDING } from '../classifier/classify-server.js';
import { classifyTool } from '../classifier/classify-tool.js';
import { addToSummary, emptySummary } from '../classifier/summarize.js';

/**
 * One bounded definition → its classification, keeping the definition. `oversized`: it was cut to
 * the size limits (a definition this version's scanner cut says how itself, in `cut`).
 */
export function classifyDefinition(tool: ToolDefinition, oversized: boolean, serverName: string): ClassifiedTool {
  const findings = oversized && tool.cut === undefined ? [{ ...OVERSIZED_DEFINITION_FINDING }] : [];
  return { ...classifyTool(tool, { serverName, findings }), definition: tool };
}

export function classifyToolStream(head: ServerHead, stream: ToolStream): StreamedServer {
  const summary = emptySummary();
  async function* tools(): AsyncGenerator<ClassifiedTool> {
    for await (const { tool, oversized } of stream.tools()) {
      const classified = classifyDefinition(tool, oversized, head.name);
      addToSummary(summary, classified);
      yield classified;
    }
  }
  return { head, tools: tools(), end: () => ({ warnings: stream.result().warnings, summary }) };
}
