/**
 * A server snapshot → its report: every tool classified (keeping the definition it was classified
 * from, so a saved report can be classified again), duplicates and oversized definitions reported
 * as findings, and a summary.
 */
import type { ClassifiedTool, Finding, ServerReport, ServerSnapshot } from '../model.js';
import { classifyTool } from './classify-tool.js';
import { summarizeTools } from './summarize.js';

/** The finding on a tool whose name the server lists more than once. */
export const DUPLICATE_NAME_FINDING: Finding = {
  kind: 'duplicate-name',
  message: 'the server lists this tool name more than once; a client may call a different definition than the one shown',
};

/** The finding on a tool whose definition was cut to the size limits. */
export const OVERSIZED_DEFINITION_FINDING: Finding = {
  kind: 'oversized-definition',
  message: 'the definition was larger than mcp-risk reads and was cut; the rest was not classified',
};

export function classifyServer(snapshot: ServerSnapshot): ServerReport {
  const duplicates = new Set(snapshot.duplicateToolNames ?? []);
  const truncated = new Set(snapshot.oversizedToolNames ?? []);
  const counts = new Map<string, number>();
  for (const tool of snapshot.tools) counts.set(tool.name, (counts.get(tool.name) ?? 0) + 1);
  for (const [name, count] of counts) if (count > 1) duplicates.add(name);
  const seen = new Set<string>();
  const tools: ClassifiedTool[] = [];
  for (const tool of snapshot.tools) {
    const findings: Finding[] = [];
    if (seen.has(tool.name)) continue;
    if (duplicates.has(tool.name)) {
      findings.push({ ...DUPLICATE_NAME_FINDING });
    }
    // A definition cut by this version's scanner says how (the oversized-definition rule); this covers older snapshots.
    if (truncated.has(tool.name) && tool.cut === undefined) {
      findings.push({ ...OVERSIZED_DEFINITION_FINDING });
    }
    seen.add(tool.name);
    tools.push({ ...classifyTool(tool, { serverName: snapshot.name, findings }), definition: tool });
  }
  const report: ServerReport = {
    name: snapshot.name,
    version: snapshot.version,
    target: snapshot.target,
    transport: snapshot.transport,
    protocolVersion: snapshot.protocolVersion,
    capabilities: snapshot.capabilities,
    instructions: snapshot.instructions,
    prompts: snapshot.promptCount,
    resources: snapshot.resourceCount,
    warnings: snapshot.warnings,
    tools,
    summary: summarizeTools(tools),
  };
  if (snapshot.error) report.error = snapshot.error;
  if (snapshot.sources) report.sources = snapshot.sources;
  return report;
}
