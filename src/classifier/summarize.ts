/** Counting a server's classified tools by category and severity. */
import type { ClassifiedTool, ServerSummary } from '../model.js';
import { CATEGORIES, SEVERITIES, severityRank } from '../model.js';

export function emptySummary(): ServerSummary {
  return {
    tools: 0,
    byCategory: Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as ServerSummary['byCategory'],
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as ServerSummary['bySeverity'],
    highestSeverity: null,
    findings: 0,
  };
}

/** Counts one more tool into a summary (for tools that arrive one at a time). */
export function addToSummary(summary: ServerSummary, tool: ClassifiedTool): void {
  summary.tools += 1;
  summary.byCategory[tool.category] += 1;
  summary.bySeverity[tool.severity] += 1;
  summary.findings += tool.findings.length;
  if (summary.highestSeverity === null || severityRank(tool.severity) > severityRank(summary.highestSeverity)) summary.highestSeverity = tool.severity;
}

export function summarizeTools(tools: readonly ClassifiedTool[]): ServerSummary {
  const summary = emptySummary();
  for (const tool of tools) addToSummary(summary, tool);
  return summary;
}
