/** Counting a server's classified tools by category and severity. */
import type { ClassifiedTool, ServerSummary } from '../model.js';
import { CATEGORIES, SEVERITIES, severityRank } from '../model.js';

export function summarizeTools(tools: readonly ClassifiedTool[]): ServerSummary {
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as ServerSummary['byCategory'];
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as ServerSummary['bySeverity'];
  let highest: ServerSummary['highestSeverity'] = null;
  let findings = 0;
  for (const tool of tools) {
    byCategory[tool.category] += 1;
    bySeverity[tool.severity] += 1;
    findings += tool.findings.length;
    if (highest === null || severityRank(tool.severity) > severityRank(highest)) highest = tool.severity;
  }
  return { tools: tools.length, byCategory, bySeverity, highestSeverity: highest, findings };
}
