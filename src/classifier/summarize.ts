/** Counting a server's classified tools by category and severity. */
import type { Category, ClassifiedTool, ServerSummary, Severity } from '../model.js';
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
  countIntoSummary(summary, tool.category, tool.severity, tool.findings.length);
}

/** Counts a tool of this category and severity, with this many findings, into a summary. */
export function countIntoSummary(summary: ServerSummary, category: Category, severity: Severity, findings: number): void {
  summary.tools += 1;
  summary.byCategory[category] += 1;
  summary.bySeverity[severity] += 1;
  summary.findings += findings;
  if (summary.highestSeverity === null || severityRank(severity) > severityRank(summary.highestSeverity))
    summary.highestSeverity = severity;
}

export function summarizeTools(tools: readonly ClassifiedTool[]): ServerSummary {
  const summary = emptySummary();
  for (const tool of tools) addToSummary(summary, tool);
  return summary;
}
